import {
  type GoField,
  type GoType,
  goAny,
  goBool,
  goMap,
  goNumber,
  goPtr,
  goSlice,
  goString,
  goStruct,
  goTime,
  opt,
  req,
} from "./go-json.js";

/**
 * Go field order and `omitempty` rules of the Argo types reachable from `NodeStatus`
 * (`pkg/apis/workflow/v1alpha1/workflow_types.go`, v4.1), used to reproduce Argo's JSON byte for byte.
 * Types not described here (git/http/gcs/... locations, archive strategies) are written with sorted keys.
 */

const secretKeySelector = goStruct([
  opt("name", goString),
  req("key", goString),
  opt("optional", goPtr(goBool)),
]);
const secretRef = goPtr(secretKeySelector);

const s3Bucket: readonly GoField[] = [
  opt("endpoint", goString),
  opt("bucket", goString),
  opt("region", goString),
  opt("insecure", goPtr(goBool)),
  opt("accessKeySecret", secretRef),
  opt("secretKeySecret", secretRef),
  opt("sessionTokenSecret", secretRef),
  opt("roleARN", goString),
  opt("useSDKCreds", goBool),
  opt("createBucketIfNotPresent", goPtr(goAny)),
  opt("encryptionOptions", goPtr(goAny)),
  opt("caSecret", secretRef),
  opt("addressingStyle", goString),
];

export const goS3Artifact: GoType = goStruct([...s3Bucket, opt("key", goString)]);

const ossBucket: readonly GoField[] = [
  opt("endpoint", goString),
  opt("bucket", goString),
  opt("accessKeySecret", secretRef),
  opt("secretKeySecret", secretRef),
  opt("createBucketIfNotPresent", goBool),
  opt("securityToken", goString),
  opt(
    "lifecycleRule",
    goPtr(goStruct([opt("markInfrequentAccessAfterDays", goNumber), opt("markDeletionAfterDays", goNumber)])),
  ),
  opt("useSDKCreds", goBool),
];

export const goOSSArtifact: GoType = goStruct([...ossBucket, req("key", goString)]);

const artifactLocation: readonly GoField[] = [
  opt("archiveLogs", goPtr(goBool)),
  opt("s3", goPtr(goS3Artifact)),
  opt("git", goPtr(goAny)),
  opt("http", goPtr(goAny)),
  opt("artifactory", goPtr(goAny)),
  opt("hdfs", goPtr(goAny)),
  opt("raw", goPtr(goAny)),
  opt("oss", goPtr(goOSSArtifact)),
  opt("gcs", goPtr(goAny)),
  opt("azure", goPtr(goAny)),
  opt("plugin", goPtr(goAny)),
];

const metadata = goStruct([opt("annotations", goMap(goString)), opt("labels", goMap(goString))]);

export const goArtifact: GoType = goStruct([
  req("name", goString),
  opt("path", goString),
  opt("mode", goPtr(goNumber)),
  opt("from", goString),
  ...artifactLocation,
  opt("globalName", goString),
  opt("archive", goPtr(goAny)),
  opt("optional", goBool),
  opt("subPath", goString),
  opt("recurseMode", goBool),
  opt("fromExpression", goString),
  opt(
    "artifactGC",
    goPtr(
      goStruct([
        opt("strategy", goString),
        opt("podMetadata", goPtr(metadata)),
        opt("serviceAccountName", goString),
      ]),
    ),
  ),
  opt("deleted", goBool),
]);

const valueFrom = goStruct([
  opt("path", goString),
  opt("jsonPath", goString),
  opt("jqFilter", goString),
  opt("event", goString),
  opt("parameter", goString),
  opt("supplied", goPtr(goAny)),
  opt("configMapKeyRef", goPtr(goAny)),
  opt("default", goPtr(goString)),
  opt("expression", goString),
]);

export const goParameter: GoType = goStruct([
  req("name", goString),
  opt("default", goPtr(goString)),
  opt("value", goPtr(goString)),
  opt("valueFrom", goPtr(valueFrom)),
  opt("globalName", goString),
  opt("enum", goSlice(goString)),
  opt("description", goPtr(goString)),
]);

const inputs = goStruct([opt("parameters", goSlice(goParameter)), opt("artifacts", goSlice(goArtifact))]);
const outputs = goStruct([
  opt("parameters", goSlice(goParameter)),
  opt("artifacts", goSlice(goArtifact)),
  opt("result", goPtr(goString)),
  opt("exitCode", goPtr(goString)),
]);

export const goNodeStatus: GoType = goStruct([
  req("id", goString),
  req("name", goString),
  opt("displayName", goString),
  req("type", goString),
  opt("templateName", goString),
  opt(
    "templateRef",
    goPtr(goStruct([opt("name", goString), opt("template", goString), opt("clusterScope", goBool)])),
  ),
  opt("templateScope", goString),
  opt("phase", goString),
  opt("boundaryID", goString),
  opt("message", goString),
  // metav1.Time is a struct: omitempty never drops it, a zero time is written as null.
  opt("startedAt", goTime),
  opt("finishedAt", goTime),
  opt("estimatedDuration", goNumber),
  opt("progress", goString),
  opt("resourcesDuration", goMap(goNumber)),
  opt("podIP", goString),
  opt("daemoned", goPtr(goBool)),
  opt("nodeFlag", goPtr(goStruct([opt("hooked", goBool), opt("retried", goBool)]))),
  opt("inputs", goPtr(inputs)),
  opt("outputs", goPtr(outputs)),
  opt("children", goSlice(goString)),
  opt("outboundNodes", goSlice(goString)),
  opt("hostNodeName", goString),
  opt(
    "memoizationStatus",
    goPtr(goStruct([req("hit", goBool), req("key", goString), req("cacheName", goString)])),
  ),
  opt("synchronizationStatus", goPtr(goStruct([opt("waiting", goString)]))),
  opt("taskResultSynced", goPtr(goBool)),
  opt("failedPodRestarts", goNumber),
  opt("restartingPodUID", goString),
]);

/** `wfv1.Nodes`: `map[string]NodeStatus`. */
export const goNodes: GoType = goMap(goNodeStatus);
