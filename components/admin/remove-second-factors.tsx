"use client";

import type { JSX } from "react";
import { ActionMessages } from "./action-messages";
import { ConfirmGroup } from "./confirm-group";
import { useAdminAction } from "./use-admin-action";
import { useConfirmStep } from "./use-confirm-step";

/**
 * Removes every second factor of a locked-out account. Like deactivation it asks first (Escape or Cancel
 * steps back), saying what goes and what the owner is told. It stays mounted once nothing is left to remove,
 * so the message of the removal outlives the refreshed page.
 */
export function RemoveSecondFactors({ userId, userName, hasFactors }: { userId: string; userName: string; hasFactors: boolean }): JSX.Element {
  const action = useAdminAction();
  const step = useConfirmStep();
  const remove = (): void => {
    step.close();
    void action.run({ method: "DELETE", url: `/api/admin/users/${userId}/mfa/`, done: `Second factors removed. ${userName} can sign in with the password alone and was emailed.` });
  };
  return (
    <>
      <ActionMessages action={action} />
      {!hasFactors ? null : step.isConfirming ? (
        <ConfirmGroup label="Remove the second factors" step={step} confirm="Remove second factors" isPending={action.isPending} onConfirm={remove}>
          Remove every second factor of {userName}? Their authenticator app, passkeys and recovery codes stop working, signing in needs only the password,
          and they are emailed. Do this only once you are sure the request comes from the account&apos;s owner.
        </ConfirmGroup>
      ) : (
        <button ref={step.triggerRef} type="button" className="button button-secondary" disabled={action.isPending} onClick={step.open}>
          {action.isPending ? "Removing…" : "Remove second factors…"}
        </button>
      )}
    </>
  );
}
