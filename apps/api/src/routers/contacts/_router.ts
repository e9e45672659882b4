import { router } from "../../trpc.ts";
import { visibleCalls } from "../../services/desktop/desk-actor.ts";
import { deleteContact, getContact, listContacts, saveContact } from "../../services/contacts/contacts.ts";
import { deskProcedure } from "../desktop/desk-procedure.ts";
import { listContactsSchema } from "./list-contacts.schema.ts";
import { contactIdSchema, saveContactSchema } from "./save-contact.schema.ts";

/** The workspace's contacts, shared by its agents; a contact's calls are those the person may see. */
export const contactsRouter = router({
  list: deskProcedure
    .input(listContactsSchema)
    .query(({ ctx, input }) => listContacts(ctx.db, ctx.desk.tenantId, input)),
  get: deskProcedure
    .input(contactIdSchema)
    .query(async ({ ctx, input }) =>
      getContact(ctx.db, ctx.desk.tenantId, input.contactId, await visibleCalls(ctx.db, ctx.desk)),
    ),
  save: deskProcedure
    .input(saveContactSchema)
    .mutation(({ ctx, input }) => saveContact(ctx.db, ctx.desk.tenantId, input)),
  delete: deskProcedure
    .input(contactIdSchema)
    .mutation(({ ctx, input }) => deleteContact(ctx.db, ctx.desk.tenantId, input.contactId)),
});
