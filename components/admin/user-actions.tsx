"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type JSX } from "react";
import { ActionMessages } from "./action-messages";
import { ConfirmGroup } from "./confirm-group";
import { useAdminAction } from "./use-admin-action";
import { useConfirmStep } from "./use-confirm-step";

export interface UserActionsProps {
  user: { id: string; userName: string; email: string; isActive: boolean; isVerified: boolean; isStaff: boolean };
  /** The operator is looking at their own account: nothing that could lock them out is offered. */
  isSelf: boolean;
  /** The operator may act on this account at all (staff accounts are for superusers). */
  canAct: boolean;
  /** Superusers grant and remove staff, and delete accounts. */
  isSuperuser: boolean;
}

function DeleteAccount({ userName, onDelete, isPending }: { userName: string; onDelete: () => void; isPending: boolean }): JSX.Element {
  const [isConfirming, setIsConfirming] = useState(false);
  const [typed, setTyped] = useState("");
  const inputId = useId();
  if (!isConfirming) {
    return (
      <button type="button" className="button button-secondary" onClick={() => setIsConfirming(true)}>
        Delete account…
      </button>
    );
  }
  return (
    <form
      className="confirm-delete"
      onSubmit={(event) => {
        event.preventDefault();
        if (typed === userName) onDelete();
      }}
    >
      <div className="field">
        <label htmlFor={inputId}>Type the user name {userName} to delete this account for good</label>
        <p className="field-hint" id={`${inputId}-hint`}>
          Its sessions, tokens and codes are deleted with it; its audit events stay without a name.
        </p>
        <input id={inputId} className="input" value={typed} onChange={(event) => setTyped(event.target.value)} autoComplete="off" autoFocus aria-describedby={`${inputId}-hint`} />
      </div>
      <div className="admin-actions">
        <button type="submit" className="button button-danger" disabled={typed !== userName || isPending}>
          {isPending ? "Deleting…" : "Delete for good"}
        </button>
        <button type="button" className="button button-secondary" onClick={() => setIsConfirming(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** Deactivation ends every session at once: like deletion, it asks first (Escape or Cancel steps back). */
function DeactivateAccount({ userName, onDeactivate, isPending }: { userName: string; onDeactivate: () => void; isPending: boolean }): JSX.Element {
  const step = useConfirmStep();
  if (!step.isConfirming) {
    return (
      <button ref={step.triggerRef} type="button" className="button button-secondary" disabled={isPending} onClick={step.open}>
        Deactivate account…
      </button>
    );
  }
  return (
    <ConfirmGroup label="Deactivate this account" step={step} confirm={isPending ? "Deactivating…" : "Deactivate"} isPending={isPending} onConfirm={onDeactivate}>
      Deactivate {userName}? Every session ends at once, and the account cannot sign in until it is reactivated.
    </ConfirmGroup>
  );
}

/** What an operator can do to one account; each button says what it does, the result is announced. */
export function UserActions({ user, isSelf, canAct, isSuperuser }: UserActionsProps): JSX.Element {
  const router = useRouter();
  const action = useAdminAction();
  const url = `/api/admin/users/${user.id}/`;
  const patch = (body: Record<string, boolean>, done: string): void => void action.run({ method: "PATCH", url, body, done });
  const post = (path: string, done: string): void => void action.run({ method: "POST", url: `${url}${path}/`, done });

  if (!canAct) return <p className="muted">This is a staff account: only a superuser can change it.</p>;
  return (
    <>
      <ActionMessages action={action} />
      <div className="admin-actions">
        {user.isActive && !isSelf ? (
          <DeactivateAccount userName={user.userName} isPending={action.isPending} onDeactivate={() => patch({ is_active: false }, "Account deactivated. Every session was ended.")} />
        ) : null}
        {user.isActive ? null : (
          <button type="button" className="button button-primary" disabled={action.isPending} onClick={() => patch({ is_active: true }, "Account reactivated. It can sign in again.")}>
            Reactivate account
          </button>
        )}
        {user.isVerified ? null : (
          <>
            <button type="button" className="button button-secondary" disabled={action.isPending} onClick={() => patch({ is_verified: true }, "Email marked verified.")}>
              Mark email verified
            </button>
            <button type="button" className="button button-secondary" disabled={action.isPending || !user.isActive} onClick={() => post("send-verification", `Verification code sent to ${user.email}.`)}>
              Send verification code
            </button>
          </>
        )}
        <button type="button" className="button button-secondary" disabled={action.isPending || !user.isActive} onClick={() => post("send-password-reset", `Password-reset code sent to ${user.email}.`)}>
          Send password-reset code
        </button>
        {isSuperuser && !isSelf ? (
          <button
            type="button"
            className="button button-secondary"
            disabled={action.isPending}
            onClick={() => patch({ is_staff: !user.isStaff }, user.isStaff ? "Staff removed." : "Made staff: this account can now use the admin pages.")}
          >
            {user.isStaff ? "Remove staff" : "Make staff"}
          </button>
        ) : null}
      </div>
      {isSelf ? <p className="muted">This is your own account: you cannot deactivate it, remove its staff status or delete it here.</p> : null}
      {isSuperuser && !isSelf ? (
        <div className="danger-zone">
          <DeleteAccount
            userName={user.userName}
            isPending={action.isPending}
            onDelete={() => void action.run({ method: "DELETE", url, done: "Account deleted.", then: () => router.replace("/admin?deleted=1") })}
          />
        </div>
      ) : null}
    </>
  );
}
