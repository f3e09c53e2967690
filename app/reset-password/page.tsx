import type { Metadata } from "next";
import Link from "next/link";
import type { JSX } from "react";
import { FormAlert } from "@/components/form-alert";
import { ResetPasswordForm } from "@/components/reset-password-form";
import { getCodeStatus } from "@/lib/auth/codes";
import { emailSchema } from "@/lib/validation/auth";

export const metadata: Metadata = { title: "Reset your password" };

type SearchParams = Record<string, string | string[] | undefined>;

const REMOVED_FACTORS = { passkey: "the passkey you reported", totp: "the authenticator app you reported", recovery_codes: "your recovery codes" } as const;

/** The sentence for the second factors "This wasn't me" removed (`removed`: the answer's list, comma-separated); unknown names are ignored. */
function describeRemovedFactors(removed: SearchParams[string]): string | null {
  const listed = typeof removed === "string" ? removed.split(",").filter((name): name is keyof typeof REMOVED_FACTORS => Object.hasOwn(REMOVED_FACTORS, name)) : [];
  const names = [...new Set(listed)];
  if (names.length === 0) return null;
  const subject = names.map((name) => REMOVED_FACTORS[name]).join(" and ");
  return `${subject[0]!.toUpperCase()}${subject.slice(1)} ${names.length > 1 || names[0] === "recovery_codes" ? "were" : "was"} removed too.`;
}

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<SearchParams> }): Promise<JSX.Element> {
  const params = await searchParams;
  // Sent here by "This wasn't me" on the dashboard: every session ended and a code is on its way.
  const secured = params.reason === "not_me" ? emailSchema.safeParse(params.email) : null;
  const initialEmail = secured?.success ? secured.data : null;
  const removedFactors = initialEmail ? describeRemovedFactors(params.removed) : null;
  const { lifetimeSeconds, cooldownSeconds } = await getCodeStatus(null, "reset_password");
  return (
    <div className="auth-shell">
      <section className="card">
        <h1 id="reset-title">Reset your password</h1>
        {initialEmail ? (
          <FormAlert tone="success" isPageNotice>
            Every device was signed out of your account, this one too.{" "}
            {params.code === "not_sent" ? (
              <>
                No new code was sent to <span className="break">{initialEmail}</span>: one was sent moments ago (use it), or none can be sent
                just now (ask again below). With it, choose a new password so that whoever else was signed in cannot come back.
              </>
            ) : (
              <>
                Choose a new password with the code we emailed to <span className="break">{initialEmail}</span>, so that whoever else was signed in
                cannot come back.
              </>
            )}
            {removedFactors ? ` ${removedFactors}` : null}
          </FormAlert>
        ) : (
          <p className="lead">We email you a code; with it you choose a new password, and every device is signed out.</p>
        )}
        <ResetPasswordForm initialEmail={initialEmail} policy={{ lifetimeSeconds, cooldownSeconds }} />
        <p className="card-footer">
          Remembered it? <Link href="/login">Sign in</Link>
        </p>
      </section>
    </div>
  );
}
