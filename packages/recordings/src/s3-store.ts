import {
  DeleteObjectCommand,
  GetObjectCommand,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import * as z from "zod";
import { checkedKey, type ObjectStore } from "./object-store.ts";

export const s3StoreConfigSchema = z.object({
  bucket: z.string().min(1),
  region: z.string().min(1).default("us-east-1"),
  /** An S3-compatible service (MinIO, R2, Ceph…); unset: AWS itself. */
  endpoint: z.string().url().optional(),
  accessKeyId: z.string().min(1),
  secretAccessKey: z.string().min(1),
  /** Most S3-compatible services want /bucket/key rather than bucket.host/key. */
  forcePathStyle: z.boolean().default(true),
  /** Objects under this prefix, e.g. "ringflow/recordings/". */
  prefix: z.string().default(""),
});
export type S3StoreConfig = z.input<typeof s3StoreConfigSchema>;

export class S3ObjectStore implements ObjectStore {
  private readonly client: S3Client;
  private readonly config: z.infer<typeof s3StoreConfigSchema>;

  constructor(config: S3StoreConfig) {
    this.config = s3StoreConfigSchema.parse(config);
    const { region, endpoint, accessKeyId, secretAccessKey, forcePathStyle } = this.config;
    this.client = new S3Client({
      region,
      ...(endpoint ? { endpoint } : {}),
      forcePathStyle,
      credentials: { accessKeyId, secretAccessKey },
      // Newer SDKs add CRC checksums many S3-compatible services reject; the object's SHA-256 is signed anyway.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      maxAttempts: 3,
    });
  }

  private key(key: string): string {
    return `${this.config.prefix}${checkedKey(key)}`;
  }

  async put(key: string, body: Buffer, contentType: string): Promise<void> {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.config.bucket,
        Key: this.key(key),
        Body: body,
        ContentType: contentType,
        ContentLength: body.length,
      }),
    );
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      const answer = await this.client.send(
        new GetObjectCommand({ Bucket: this.config.bucket, Key: this.key(key) }),
      );
      if (!answer.Body) return null;
      return Buffer.from(await answer.Body.transformToByteArray());
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      if (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: this.key(key) }));
  }

  close(): void {
    this.client.destroy();
  }
}
