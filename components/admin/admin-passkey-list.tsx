"use client";

import type { JSX } from "react";
import type { PasskeyView } from "@/lib/auth/passkeys/view";
import { PasskeySummary } from "../passkey-summary";
import { ActionMessages } from "./action-messages";
import { ConfirmGroup } from "./confirm-group";
import { useAdminAction, type AdminAction } from "./use-admin-action";
import { useConfirmStep } from "./use-confirm-step";
import "@/app/passkeys.css";

interface Owner {
  id: string;
  userName: string;
}

/** One passkey of the account; with `canRemove`, "Remove…" asks first, naming the passkey (Escape or Cancel step back). */
function AdminPasskeyRow({ owner, passkey, now, action, canRemove }: { owner: Owner; passkey: PasskeyView; now: number; action: AdminAction; canRemove: boolean }): JSX.Element {
  const step = useConfirmStep();
  const remove = (): void => {
    step.close();
    void action.run({
      method: "DELETE",
      url: `/api/admin/users/${owner.id}/passkeys/${encodeURIComponent(passkey.id)}/`,
      done: `Removed the passkey ${passkey.name}. ${owner.userName} was emailed.`,
    });
  };
  return (
    <li className="passkey">
      <PasskeySummary passkey={passkey} now={now} />
      {!canRemove ? null : step.isConfirming ? (
        <ConfirmGroup label={`Remove the passkey ${passkey.name}`} step={step} confirm="Remove passkey" isPending={action.isPending} onConfirm={remove}>
          Remove the passkey {passkey.name} of {owner.userName}? It no longer signs in or counts as a second factor (when it is the last one, the recovery codes go too),
          and they are emailed. Do this only once you are sure the request comes from the account&apos;s owner.
        </ConfirmGroup>
      ) : (
        <div className="actions">
          <button
            ref={step.triggerRef}
            type="button"
            className="button button-secondary button-small"
            disabled={action.isPending}
            onClick={step.open}
            aria-label={`Remove the passkey ${passkey.name}`}
          >
            Remove…
          </button>
        </div>
      )}
    </li>
  );
}

/** The account's passkeys (name, added, last used, one device or synced, backed up), each removable for an owner who lost it. */
export function AdminPasskeyList({ owner, passkeys, now, canRemove }: { owner: Owner; passkeys: PasskeyView[]; now: number; canRemove: boolean }): JSX.Element {
  const action = useAdminAction();
  return (
    <>
      <ActionMessages action={action} />
      {passkeys.length === 0 ? null : (
        <ul className="passkey-list" aria-label="Passkeys">
          {passkeys.map((passkey) => (
            <AdminPasskeyRow key={passkey.id} owner={owner} passkey={passkey} now={now} action={action} canRemove={canRemove} />
          ))}
        </ul>
      )}
    </>
  );
}
