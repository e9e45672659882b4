import { DynamicIcon, type IconName } from "lucide-react/dynamic";
import { memo } from "react";

/** The Lucide icon a node kind names in the catalog; icons load on demand so the editor opens fast. */
export const KindIcon = memo(function KindIcon({ name, size = 16 }: { name: string; size?: number }) {
  return <DynamicIcon name={name as IconName} size={size} aria-hidden="true" />;
});
