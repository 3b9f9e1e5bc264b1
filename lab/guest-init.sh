#!/bin/busybox sh
# PID 1 of the lab VM: mount what the scenario needs, load the modules, run
# one scenario with bash, leave its exit status in the shared "out" folder,
# power off.
/bin/busybox --install -s /bin
export PATH=/sbin:/usr/sbin:/usr/bin:/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t tmpfs run /run
mount -t tmpfs tmp /tmp
mount -t debugfs debugfs /sys/kernel/debug
while read -r module; do insmod "$module" || echo "lab: insmod $module failed"; done < /etc/modules.order
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 repo /mnt/repo
mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 out /mnt/out
ip link set lo up

scenario=$(sed -n 's/.*lab\.scenario=\([^ ]*\).*/\1/p' /proc/cmdline)
echo "lab: kernel $(uname -r), scenario $scenario"
bash -c 'bash /mnt/repo/lab/scenarios/"$1".sh 2>&1 | tee /mnt/out/scenario.log; exit "${PIPESTATUS[0]}"' _ "$scenario"
echo $? > /mnt/out/status
sync
poweroff -f
