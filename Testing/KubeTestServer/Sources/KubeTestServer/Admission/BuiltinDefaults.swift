import JSONValues
import KubeModel

/// The defaults kube-apiserver fills into built-in kinds. They matter to
/// controllers under test: an operator that compares its desired object with
/// the stored one must not fight fields the server defaulted.
enum BuiltinDefaults {
    static func apply(kind: String, to object: JSONValue) -> JSONValue {
        var object = object
        switch kind {
        case "DaemonSet":
            setIfAbsent(&object, ["spec", "revisionHistoryLimit"], 10)
            setIfAbsent(&object, ["spec", "updateStrategy"],
                        ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": 1, "maxSurge": 0]])
            object["spec"]["template"] = podTemplate(object["spec"]["template"])
        case "Deployment":
            setIfAbsent(&object, ["spec", "replicas"], 1)
            setIfAbsent(&object, ["spec", "revisionHistoryLimit"], 10)
            setIfAbsent(&object, ["spec", "progressDeadlineSeconds"], 600)
            setIfAbsent(&object, ["spec", "strategy"],
                        ["type": "RollingUpdate", "rollingUpdate": ["maxUnavailable": "25%", "maxSurge": "25%"]])
            object["spec"]["template"] = podTemplate(object["spec"]["template"])
        case "Pod":
            object["spec"] = podSpec(object["spec"])
        case "RoleBinding", "ClusterRoleBinding":
            object = RBACValidation.defaultBinding(object)
        case "Namespace":
            setIfAbsent(&object, ["spec", "finalizers"], ["kubernetes"])
            setIfAbsent(&object, ["status", "phase"], "Active")
        case "Service":
            setIfAbsent(&object, ["spec", "type"], "ClusterIP")
            setIfAbsent(&object, ["spec", "sessionAffinity"], "None")
            if let ports = object["spec"]["ports"].arrayValue {
                object["spec"]["ports"] = .array(ports.map { port in
                    var port = port
                    setIfAbsent(&port, ["protocol"], "TCP")
                    setIfAbsent(&port, ["targetPort"], port["port"])
                    return port
                })
            }
        default:
            break
        }
        return object
    }

    private static func podTemplate(_ template: JSONValue) -> JSONValue {
        var template = template
        if template == .null { return template }
        template["spec"] = podSpec(template["spec"])
        return template
    }

    private static func podSpec(_ spec: JSONValue) -> JSONValue {
        var spec = spec
        if spec == .null { return spec }
        setIfAbsent(&spec, ["restartPolicy"], "Always")
        setIfAbsent(&spec, ["terminationGracePeriodSeconds"], 30)
        setIfAbsent(&spec, ["dnsPolicy"], "ClusterFirst")
        setIfAbsent(&spec, ["schedulerName"], "default-scheduler")
        setIfAbsent(&spec, ["securityContext"], [:])
        for field in ["containers", "initContainers"] {
            if let containers = spec[field].arrayValue {
                spec[field] = .array(containers.map(container))
            }
        }
        return spec
    }

    private static func container(_ container: JSONValue) -> JSONValue {
        var container = container
        setIfAbsent(&container, ["terminationMessagePath"], "/dev/termination-log")
        setIfAbsent(&container, ["terminationMessagePolicy"], "File")
        let image = container["image"].stringValue ?? ""
        let tag = image.split(separator: "/").last.flatMap { $0.contains("@") ? nil : $0.split(separator: ":").dropFirst().first }
        setIfAbsent(&container, ["imagePullPolicy"], (tag == nil || tag == "latest") && !image.contains("@") ? "Always" : "IfNotPresent")
        if let ports = container["ports"].arrayValue {
            container["ports"] = .array(ports.map { port in
                var port = port
                setIfAbsent(&port, ["protocol"], "TCP")
                return port
            })
        }
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] where container[probe] != .null {
            setIfAbsent(&container, [probe, "timeoutSeconds"], 1)
            setIfAbsent(&container, [probe, "periodSeconds"], 10)
            setIfAbsent(&container, [probe, "successThreshold"], 1)
            setIfAbsent(&container, [probe, "failureThreshold"], 3)
            if container[probe]["httpGet"] != .null {
                setIfAbsent(&container, [probe, "httpGet", "scheme"], "HTTP")
            }
        }
        if let env = container["env"].arrayValue {
            container["env"] = .array(env.map { variable in
                var variable = variable
                if variable["valueFrom"]["fieldRef"] != .null {
                    setIfAbsent(&variable, ["valueFrom", "fieldRef", "apiVersion"], "v1")
                }
                return variable
            })
        }
        return container
    }

    private static func setIfAbsent(_ object: inout JSONValue, _ path: [String], _ value: JSONValue) {
        if object[path: path] == .null { object[path: path] = value }
    }
}
