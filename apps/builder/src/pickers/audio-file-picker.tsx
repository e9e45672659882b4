import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Upload } from "lucide-react";
import { useId, useRef } from "react";
import { errorMessage, trpc } from "../api/trpc.ts";

const seconds = (s: number | null) =>
  s === null ? "" : ` · ${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, "0")}`;

/** Reads a file as base64 (without the data: prefix), the way the upload procedure takes it. */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ""));
    reader.onerror = () => reject(reader.error ?? new Error("The file could not be read."));
    reader.readAsDataURL(file);
  });
}

/** An audio file of the workspace for a Play, chosen from those uploaded or uploaded here, with a player. */
export function AudioFilePicker({
  id,
  value,
  onChange,
}: {
  id: string;
  value: string;
  onChange(assetId: string): void;
}) {
  const client = useQueryClient();
  const files = useQuery({ queryKey: ["assets.list"], queryFn: () => trpc.assets.list.query() });
  const upload = useMutation({
    mutationFn: async (file: File) =>
      trpc.assets.upload.mutate({ name: file.name, contentBase64: await base64Of(file) }),
    onSuccess: async (asset) => {
      await client.invalidateQueries({ queryKey: ["assets.list"] });
      onChange(asset.id);
    },
  });
  const input = useRef<HTMLInputElement>(null);
  const uploadId = useId();
  const chosen = files.data?.find((f) => f.id === value);
  return (
    <div className="audio-file-picker">
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{files.data?.length ? "Choose a file…" : "No audio files yet: upload one"}</option>
        {value && files.data && !chosen && <option value={value}>A file that was removed</option>}
        {files.data?.map((f) => (
          <option key={f.id} value={f.id}>
            {f.name}
            {seconds(f.durationSeconds)}
          </option>
        ))}
      </select>
      <div className="audio-file-actions">
        <label htmlFor={uploadId} className="button secondary">
          <Upload size={14} aria-hidden="true" /> {upload.isPending ? "Uploading…" : "Upload MP3 or WAV"}
        </label>
        <input
          id={uploadId}
          ref={input}
          type="file"
          accept="audio/mpeg,audio/wav,.mp3,.wav"
          className="visually-hidden"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) upload.mutate(file);
            e.target.value = "";
          }}
        />
      </div>
      {upload.error && (
        <p className="error" role="alert">
          {errorMessage(upload.error)}
        </p>
      )}
      {chosen && (
        <audio controls preload="none" src={chosen.listenUrl} aria-label={`Listen to ${chosen.name}`} />
      )}
    </div>
  );
}
