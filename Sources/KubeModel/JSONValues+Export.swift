// Kubernetes objects are JSONValue documents: every user of KubeModel sees the
// type without importing the module it lives in.
@_exported public import JSONValues
