// cni-driver runs CNI plugins through libcni, the library container runtimes
// and Multus use, so that the lab drives the bond plugin the way they do.
//
//	cni-driver COMMAND --conf FILE [--netns PATH] [--ifname NAME]
//	           [--container-id ID] [--cni-path DIR[:DIR...]] [--cache-dir DIR]
//	           [--args K=V;K=V...]
//
// COMMAND is one of:
//
//	add       AddNetworkList; prints the result as JSON (one line).
//	check     CheckNetworkList (libcni passes the cached ADD result as prevResult).
//	del       DelNetworkList (the cached result as prevResult from 0.4.0 on);
//	          libcni removes the cached result.
//	validate  ValidateNetworkList (each plugin's VERSION must list the
//	          configured cniVersion), then each plugin's VERSION answer; prints
//	          {"capabilities": [...], "plugins": [{"type",
//	          "supportedVersions"}, ...]}.
//	cached    GetNetworkListCachedResult: the cached ADD result, "null" when none.
//
// FILE holds a configuration list (it has a "plugins" key) or a single
// plugin's configuration, which is turned into a list of one with
// libcni.ConfListFromConf: every command goes through the list API.
// --args becomes CNI_ARGS (as containerd sends "IgnoreUnknown=1;K8S_POD_NAME=...").
// Defaults: --ifname eth0, --container-id cni-driver, --cni-path /opt/cni/bin,
// --cache-dir /var/lib/cni (libcni keeps results in DIR/results/NAME-ID-IFNAME),
// no CNI_ARGS.
// Each command is given 60 s.
//
// Exit status 0 on success. On failure it prints one JSON object on stdout and
// exits 1: {"code", "msg", "details", "error"} when a plugin's error object
// (a *types.Error) is in libcni's error chain, "error" being libcni's whole
// message with its context, or {"error"} alone for libcni's own errors
// (e.g. CHECK below 0.4.0). Bad arguments exit 2.
//
// Build (GOPATH mode, offline, static; Debian's golang-go and
// golang-github-appc-cni-dev):
//
//	CGO_ENABLED=0 GO111MODULE=off GOPATH=$(mktemp -d):/usr/share/gocode \
//	    go build -trimpath -o cni-driver ./lab/cni-driver
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/containernetworking/cni/libcni"
	"github.com/containernetworking/cni/pkg/types"
)

const usage = `usage: cni-driver add|check|del|validate|cached --conf FILE [--netns PATH]
       [--ifname NAME] [--container-id ID] [--cni-path DIR[:DIR...]] [--cache-dir DIR]
       [--args K=V;K=V...]`

// badUsage is an error in the driver's own arguments (exit status 2).
type badUsage struct{ message string }

func (e badUsage) Error() string { return e.message }

func main() {
	output, err := run(os.Args[1:])
	var bad badUsage
	switch {
	case errors.As(err, &bad):
		fmt.Fprintf(os.Stderr, "cni-driver: %s\n%s\n", bad.message, usage)
		os.Exit(2)
	case err != nil:
		fmt.Println(string(errorJSON(err)))
		os.Exit(1)
	case output != nil:
		fmt.Println(string(output))
	}
}

func run(arguments []string) ([]byte, error) {
	if len(arguments) == 0 {
		return nil, badUsage{"no command"}
	}
	command := arguments[0]
	flags := flag.NewFlagSet("cni-driver "+command, flag.ContinueOnError)
	flags.SetOutput(os.Stderr)
	confFile := flags.String("conf", "", "network configuration file (.conf or .conflist)")
	netns := flags.String("netns", "", "the container's network namespace (a path)")
	ifname := flags.String("ifname", "eth0", "the interface name in the container (CNI_IFNAME)")
	containerID := flags.String("container-id", "cni-driver", "the container ID (CNI_CONTAINERID)")
	cniPath := flags.String("cni-path", "/opt/cni/bin", "folders to look for plugins in, colon-separated")
	cacheDir := flags.String("cache-dir", libcni.CacheDir, "libcni's cache folder")
	cniArgs := flags.String("args", "", "CNI_ARGS, K=V pairs separated by ';'")
	if err := flags.Parse(arguments[1:]); err != nil {
		return nil, badUsage{err.Error()}
	}
	if flags.NArg() > 0 {
		return nil, badUsage{fmt.Sprintf("unexpected argument %q", flags.Arg(0))}
	}
	if *confFile == "" {
		return nil, badUsage{"--conf is required"}
	}
	list, err := loadList(*confFile)
	if err != nil {
		return nil, badUsage{err.Error()}
	}

	pairs, err := parseArgs(*cniArgs)
	if err != nil {
		return nil, badUsage{err.Error()}
	}

	cni := libcni.NewCNIConfigWithCacheDir(filepath.SplitList(*cniPath), *cacheDir, nil)
	runtime := &libcni.RuntimeConf{ContainerID: *containerID, NetNS: *netns, IfName: *ifname, Args: pairs}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	switch command {
	case "add":
		result, err := cni.AddNetworkList(ctx, list, runtime)
		if err != nil {
			return nil, err
		}
		return json.Marshal(result)
	case "check":
		return nil, cni.CheckNetworkList(ctx, list, runtime)
	case "del":
		return nil, cni.DelNetworkList(ctx, list, runtime)
	case "validate":
		return validate(ctx, cni, list)
	case "cached":
		result, err := cni.GetNetworkListCachedResult(list, runtime)
		if err != nil {
			return nil, err
		}
		return json.Marshal(result)
	default:
		return nil, badUsage{fmt.Sprintf("unknown command %q", command)}
	}
}

// loadList reads FILE as a configuration list, or as a single plugin's
// configuration made into a list of one.
func loadList(file string) (*libcni.NetworkConfigList, error) {
	bytes, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(bytes, &keys); err != nil {
		return nil, fmt.Errorf("%s: not a JSON object: %w", file, err)
	}
	if _, isList := keys["plugins"]; isList {
		return libcni.ConfListFromBytes(bytes)
	}
	conf, err := libcni.ConfFromBytes(bytes)
	if err != nil {
		return nil, err
	}
	return libcni.ConfListFromConf(conf)
}

// parseArgs splits "K1=V1;K2=V2" into libcni's pairs.
func parseArgs(text string) ([][2]string, error) {
	var pairs [][2]string
	if text == "" {
		return pairs, nil
	}
	for _, pair := range strings.Split(text, ";") {
		key, value, found := strings.Cut(pair, "=")
		if !found || key == "" {
			return nil, fmt.Errorf("--args: %q is not K=V", pair)
		}
		pairs = append(pairs, [2]string{key, value})
	}
	return pairs, nil
}

type pluginVersions struct {
	Type              string   `json:"type"`
	SupportedVersions []string `json:"supportedVersions"`
}

func validate(ctx context.Context, cni *libcni.CNIConfig, list *libcni.NetworkConfigList) ([]byte, error) {
	capabilities, err := cni.ValidateNetworkList(ctx, list)
	if err != nil {
		return nil, err
	}
	answer := struct {
		Capabilities []string         `json:"capabilities"`
		Plugins      []pluginVersions `json:"plugins"`
	}{Capabilities: capabilities, Plugins: []pluginVersions{}}
	for _, plugin := range list.Plugins {
		info, err := cni.GetVersionInfo(ctx, plugin.Network.Type)
		if err != nil {
			return nil, err
		}
		answer.Plugins = append(answer.Plugins, pluginVersions{
			Type: plugin.Network.Type, SupportedVersions: info.SupportedVersions(),
		})
	}
	return json.Marshal(answer)
}

// errorJSON: the plugin's error object when libcni's error carries one, with
// libcni's whole message as "error"; libcni's own errors as {"error"} only.
func errorJSON(err error) []byte {
	var pluginError *types.Error
	var output []byte
	if errors.As(err, &pluginError) {
		output, _ = json.Marshal(struct {
			Code    uint   `json:"code"`
			Msg     string `json:"msg"`
			Details string `json:"details"`
			Error   string `json:"error"`
		}{pluginError.Code, pluginError.Msg, pluginError.Details, err.Error()})
	} else {
		output, _ = json.Marshal(struct {
			Error string `json:"error"`
		}{strings.TrimSpace(err.Error())})
	}
	return output
}
