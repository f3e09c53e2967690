import type { Metadata } from "next";
import type { JSX, ReactNode } from "react";
import "./admin.css";

export const metadata: Metadata = { title: { default: "Admin", template: "%s · Admin · Keystone Auth" } };

export default function AdminLayout({ children }: { children: ReactNode }): JSX.Element {
  return <div className="admin">{children}</div>;
}
