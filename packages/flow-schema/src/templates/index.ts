import { afterHoursVoicemailTemplate } from "./after-hours-voicemail.ts";
import { mainMenuTemplate } from "./main-menu.ts";
import { supportQueueTemplate } from "./support-queue.ts";

/** Starting points offered when an admin creates a flow; each builds a fresh, valid document. */
export const flowTemplates = {
  mainMenu: { label: "Main menu IVR", build: mainMenuTemplate },
  afterHoursVoicemail: { label: "After-hours voicemail", build: afterHoursVoicemailTemplate },
  supportQueue: { label: "Support queue with callback", build: supportQueueTemplate },
} as const;

export type FlowTemplateId = keyof typeof flowTemplates;
export { buildFlow } from "./build.ts";
