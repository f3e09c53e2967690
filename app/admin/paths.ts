// Where the admin pages send staff who cannot use them yet. The dashboard's two-factor panel (id
// "two-factor") says why when it is opened with `enrol=staff`.

/** A staff account without a second factor enrols first: the dashboard's two-factor panel. */
export const STAFF_ENROLMENT_PATH = "/dashboard?enrol=staff#two-factor";

/** A staff session below two factors (password only, or a remembered browser) proves one here, then goes on to `next`. */
export function staffStepUpPath(next: string): string {
  return `/admin/step-up?${new URLSearchParams({ next })}`;
}
