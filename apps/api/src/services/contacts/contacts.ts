import type { Db, Prisma } from "@ringflow/db";
import { apiError, notFound } from "../../errors.ts";
import { isUniqueViolation } from "../tenants/workspaces.ts";
import type { SaveContactInput } from "../../routers/contacts/save-contact.schema.ts";
import type { ListContactsInput } from "../../routers/contacts/list-contacts.schema.ts";

const contactView = {
  id: true,
  name: true,
  company: true,
  email: true,
  notes: true,
  updatedAt: true,
  numbers: { orderBy: { e164: "asc" }, select: { e164: true, label: true } },
} satisfies Prisma.ContactSelect;

export async function listContacts(db: Db, tenantId: string, query: ListContactsInput) {
  const search = query.search?.trim();
  return db.contact.findMany({
    where: {
      tenantId,
      ...(search
        ? {
            OR: [
              { name: { contains: search, mode: "insensitive" } },
              { company: { contains: search, mode: "insensitive" } },
              { numbers: { some: { tenantId, e164: { contains: search } } } },
            ],
          }
        : {}),
    },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: query.limit,
    select: contactView,
  });
}

/** A contact with its calls: every call from or to one of its numbers, newest first. */
export async function getContact(
  db: Db,
  tenantId: string,
  contactId: string,
  calls: Prisma.CallWhereInput = {},
) {
  const contact = await db.contact.findFirst({ where: { id: contactId, tenantId }, select: contactView });
  if (!contact) throw notFound("Contact");
  const numbers = contact.numbers.map((n) => n.e164);
  const linked = await db.call.findMany({
    where: {
      tenantId,
      AND: [calls, { OR: [{ fromNumber: { in: numbers } }, { toNumber: { in: numbers } }] }],
    },
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: 50,
    select: {
      id: true,
      direction: true,
      fromNumber: true,
      toNumber: true,
      startedAt: true,
      disposition: true,
      status: true,
    },
  });
  return { ...contact, calls: linked };
}

function numberTaken(error: unknown): never {
  if (isUniqueViolation(error))
    throw apiError("CONFLICT", "One of these numbers belongs to another contact already.");
  throw error;
}

/** Creates a contact, or replaces one's fields and numbers when `contactId` is given. */
export async function saveContact(db: Db, tenantId: string, input: SaveContactInput) {
  const { contactId, numbers, ...fields } = input;
  if (contactId) {
    const found = await db.contact.findFirst({ where: { id: contactId, tenantId }, select: { id: true } });
    if (!found) throw notFound("Contact");
  }
  const id = await db
    .$transaction(async (tx) => {
      const { id } = contactId
        ? await tx.contact.update({ where: { id: contactId, tenantId }, data: fields, select: { id: true } })
        : await tx.contact.create({ data: { tenantId, ...fields }, select: { id: true } });
      await tx.contactNumber.deleteMany({ where: { tenantId, contactId: id } });
      await tx.contactNumber.createMany({ data: numbers.map((n) => ({ tenantId, contactId: id, ...n })) });
      return id;
    })
    .catch(numberTaken);
  return getContact(db, tenantId, id);
}

export async function deleteContact(db: Db, tenantId: string, contactId: string) {
  const found = await db.contact.findFirst({ where: { id: contactId, tenantId }, select: { id: true } });
  if (!found) throw notFound("Contact");
  await db.contact.delete({ where: { id: contactId, tenantId } });
  return { id: contactId };
}

/** The contacts owning these numbers, by number (calls link to contacts this way, at read time). */
export async function contactsByNumber(db: Db, tenantId: string, numbers: readonly string[]) {
  const rows = await db.contactNumber.findMany({
    where: { tenantId, e164: { in: [...new Set(numbers)] } },
    select: { e164: true, contact: { select: { id: true, name: true, company: true } } },
  });
  return new Map(rows.map((row) => [row.e164, row.contact]));
}
