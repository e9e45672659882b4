import { router } from "../../trpc.ts";
import { acceptInvitationProcedure } from "./accept-invitation.ts";
import { changeRoleProcedure } from "./change-role.ts";
import { inviteMemberProcedure } from "./invite-member.ts";
import { listInvitationsProcedure } from "./list-invitations.ts";
import { listMembersProcedure } from "./list-members.ts";
import { removeMemberProcedure } from "./remove-member.ts";
import { revokeInvitationProcedure } from "./revoke-invitation.ts";

export const membersRouter = router({
  list: listMembersProcedure,
  invite: inviteMemberProcedure,
  listInvitations: listInvitationsProcedure,
  revokeInvitation: revokeInvitationProcedure,
  changeRole: changeRoleProcedure,
  remove: removeMemberProcedure,
  acceptInvitation: acceptInvitationProcedure,
});
