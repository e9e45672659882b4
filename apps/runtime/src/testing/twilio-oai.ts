// Moved to @ringflow/platform so the API's contract tests use the same judge; kept for importers being edited.
export { TWILIO_OAI_FILE, twilioRequestProblems } from "@ringflow/platform/testing/twilio-oai";
