import type { Readable } from "node:stream";

/**
 * The part of the `ali-oss` 6.x client the driver uses, typed here because `@types/ali-oss` lags the package
 * (no `sldEnable`, `retryMax` or `listV2` options as 6.23 has them).
 */
export interface OssClientOptions {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly stsToken?: string;
  readonly bucket: string;
  readonly endpoint: string;
  readonly secure: boolean;
  readonly region: string;
  readonly authorizationV4: boolean;
  readonly cname: boolean;
  readonly sldEnable: boolean;
  readonly timeout: number;
  readonly retryMax: number;
}

export interface OssResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | undefined>>;
}

interface Call {
  readonly timeout?: number;
}

interface Write extends Call {
  readonly meta?: Record<string, string>;
  readonly mime?: string;
}

export interface OssCheckpoint {
  readonly uploadId?: string;
}

export interface OssClient {
  put(name: string, file: string | Buffer, options?: Write): Promise<{ res: OssResponse }>;
  putStream(name: string, stream: Readable, options?: Write): Promise<{ res: OssResponse }>;
  multipartUpload(
    name: string,
    file: string,
    options?: Write & {
      partSize?: number;
      parallel?: number;
      progress?: (fraction: number, checkpoint?: OssCheckpoint) => void;
    },
  ): Promise<{ res: OssResponse }>;
  abortMultipartUpload(name: string, uploadId: string, options?: Call): Promise<unknown>;
  getStream(name: string, options?: Call): Promise<{ stream: Readable; res: OssResponse }>;
  head(name: string, options?: Call): Promise<{ status: number; res: OssResponse }>;
  listV2(
    query: Record<string, string>,
    options?: Call,
  ): Promise<{
    objects?: Array<{ name: string; size: number }>;
    isTruncated: boolean;
    nextContinuationToken?: string | null;
  }>;
  delete(name: string, options?: Call): Promise<unknown>;
  deleteMulti(names: string[], options?: Call & { quiet?: boolean }): Promise<unknown>;
}
