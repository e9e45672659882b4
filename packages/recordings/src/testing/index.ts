export { speak, wavSeconds } from "./speak.ts";
export { startS3Server, type S3Server, type S3Request } from "./s3-server.ts";
