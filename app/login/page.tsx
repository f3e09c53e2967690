import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import type { JSX } from "react";
import { FormAlert } from "@/components/form-alert";
import { LoginForm } from "@/components/login-form";
import { PasskeyHost } from "@/components/passkey-host";
import { PasskeySignIn } from "@/components/passkey-sign-in";
import { toSafeNextPath } from "@/components/safe-next-path";
import { getCurrentPrincipal } from "@/lib/auth/current-principal";
import { findRelyingParty } from "@/lib/auth/passkeys";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Record<string, string | string[] | undefined>;

function pickNotice(params: SearchParams): { tone: "success" | "info"; text: string } | null {
  if (params.verified === "1") return { tone: "success", text: "Your email address is verified. Sign in to continue." };
  if (params.signed_out === "1") return { tone: "info", text: "You are signed out." };
  if (params.signed_out === "everywhere") return { tone: "info", text: "You are signed out on every device." };
  // Set by the proxy or a page when this browser's session was ended from another device.
  if (params.session_ended === "1") return { tone: "info", text: "You were signed out from another device. Sign in again to continue." };
  if (params.session_ended === "admin") return { tone: "info", text: "An administrator signed you out. Sign in again to continue." };
  if (params.session_ended === "deactivated") return { tone: "info", text: "An administrator deactivated your account, so you were signed out. Contact them if you think this is a mistake." };
  if (params.password_reset === "1") return { tone: "success", text: "Your password is changed and every device was signed out. Sign in with the new one." };
  if (typeof params.next === "string") return { tone: "info", text: "Sign in to continue." };
  return null;
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<SearchParams> }): Promise<JSX.Element> {
  const params = await searchParams;
  const requested = toSafeNextPath(params.next);
  // Never send someone back to a sign-in page they would bounce off.
  const next = /^\/(login|register)(\/|\?|#|$)/.test(requested) ? "/dashboard" : requested;
  if (await getCurrentPrincipal()) redirect(next);
  const notice = pickNotice(params);
  const relyingParty = findRelyingParty();
  return (
    <div className="auth-shell">
      <section className="card">
        <h1 id="login-title">Sign in</h1>
        {/* The notice and the passkey sign-in go with the password step (a second step replaces all three). */}
        <PasskeyHost site={relyingParty}>
          <LoginForm next={next} notice={notice ? <FormAlert tone={notice.tone} isPageNotice>{notice.text}</FormAlert> : <p className="lead">Welcome back.</p>}>{relyingParty ? <PasskeySignIn next={next} site={relyingParty} /> : null}</LoginForm>
        </PasskeyHost>
        <p className="card-footer">
          New here? <Link href="/register">Create an account</Link> · <Link href="/reset-password">Forgot your password?</Link>
        </p>
      </section>
    </div>
  );
}
