import type { Role } from "@ringflow/db";
import { PERMISSIONS, ROLE_DEFAULTS, ROLES, type Permission } from "./permissions.ts";

/** What each permission allows, in the words the README's role matrix uses; one line per permission. */
export const PERMISSION_MEANINGS: Record<Permission, string> = {
  "flows.read": "see flows and run them as a test call",
  "flows.edit": "change flow drafts, import and export flows",
  "flows.publish": "publish a flow version and roll back",
  "numbers.read": "see the workspace's numbers",
  "numbers.manage": "add, bind and remove numbers",
  "providers.manage": "add and change carrier accounts (Twilio, Asterisk)",
  "members.manage": "invite people, change their roles, remove them",
  "audit.read": "read the audit log",
  "calls.read.all": "see every call of the workspace, in history and on contacts",
  "calls.read.own": "see the calls they took or placed",
  "calls.place": "start a flow as an outbound call",
  "recordings.download": "listen to and download recordings of the calls they may see",
  "recordings.delete": "delete recordings",
  "queues.manage": "create and change queues, outbound limits, the browser phone's token lifetime",
  "agents.manage": "manage agents, skills, away reasons; act on any live call; set any agent's state",
  "desktop.use":
    "use the agent desktop: their own state, queues, calls, contacts, click-to-call, browser phone",
  "wallboard.view": "see the wallboard: every queue and agent, live",
  "integrations.manage": "create API tokens and webhooks",
  "access.manage": "change what each role may do (this matrix)",
};

const ROLE_NAMES: Record<Role, string> = {
  OWNER: "Owner",
  ADMIN: "Admin",
  DESIGNER: "Designer",
  SUPERVISOR: "Supervisor",
  AGENT: "Agent",
};

/** The role and permission matrix as a Markdown table, from ROLE_DEFAULTS (what the README shows). */
export function roleMatrixMarkdown(): string {
  const header = ["Permission", "What it allows", ...ROLES.map((role) => ROLE_NAMES[role])];
  const rows = PERMISSIONS.map((permission) => [
    `\`${permission}\``,
    PERMISSION_MEANINGS[permission],
    ...ROLES.map((role) => (ROLE_DEFAULTS[role].includes(permission) ? "yes" : "")),
  ]);
  const widths = header.map((_, column) =>
    Math.max(...[header, ...rows].map((row) => row[column]!.length), 3),
  );
  const line = (cells: string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
