/// Manifests the kubectl tests apply: the PFLACPMonitor CRD (as the operator
/// will ship it) and resources of it and of built-in kinds.
enum Fixtures {
    static let crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: pflacpmonitors.pfstatusrelay.openshift.io
        spec:
          group: pfstatusrelay.openshift.io
          scope: Namespaced
          names:
            kind: PFLACPMonitor
            listKind: PFLACPMonitorList
            plural: pflacpmonitors
            singular: pflacpmonitor
            shortNames: [pflm]
          versions:
          - name: v1alpha1
            served: true
            storage: true
            subresources:
              status: {}
            additionalPrinterColumns:
            - name: Interfaces
              type: string
              jsonPath: .spec.interfaces
            - name: Interval
              type: integer
              jsonPath: .spec.pollingInterval
            - name: Degraded
              type: boolean
              jsonPath: .status.degraded
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    required: [interfaces]
                    properties:
                      interfaces:
                        type: array
                        minItems: 1
                        items: {type: string, minLength: 1}
                        x-kubernetes-list-type: set
                      pollingInterval: {type: integer, minimum: 1000, default: 1000}
                      nodeSelector:
                        type: object
                        additionalProperties: {type: string}
                  status:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true

        """

    static func monitor(_ name: String, interfaces: [String], pollingInterval: Int? = nil, extra: String = "") -> String {
        var text = """
            apiVersion: pfstatusrelay.openshift.io/v1alpha1
            kind: PFLACPMonitor
            metadata:
              name: \(name)
            spec:
              interfaces: [\(interfaces.joined(separator: ", "))]

            """
        if let pollingInterval { text += "  pollingInterval: \(pollingInterval)\n" }
        return text + extra
    }

    static let daemonSet = """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: relay
          labels: {app: relay}
        spec:
          selector:
            matchLabels: {app: relay}
          template:
            metadata:
              labels: {app: relay}
            spec:
              containers:
              - name: relay
                image: quay.io/example/pf-status-relay:v1
                env:
                - {name: PF_STATUS_RELAY_INTERFACES, value: "ens5f0"}
                - {name: PF_STATUS_RELAY_POLLING_INTERVAL, value: "1000"}

        """
}
