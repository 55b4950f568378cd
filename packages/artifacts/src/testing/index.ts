export {
  type Fault,
  type FaultAction,
  FaultProxy,
  type FaultProxyOptions,
  type ProxyRecord,
  type RequestMatch,
} from "./fault-proxy.js";
export {
  type OssObject,
  type OssRequestRecord,
  type OssServerOptions,
  OssTestServer,
  ossErrorXml,
} from "./oss-server.js";
export {
  checkOssSignature,
  ossV1Signature,
  ossV1StringToSign,
  type SignatureCheck,
} from "./oss-signature.js";
