/**
 * Whether this browser has signed someone in and not signed them out since:
 * a mark in `localStorage`, set at sign-in and removed at sign-out or when
 * the server says the session is over. The session cookie is HttpOnly, so
 * the page cannot see it; without the mark the workbench does not ask the
 * server who is signed in (`GET /api/me`), and the sign-in page of a
 * browser that nobody is signed in on loads without a refused request.
 */

const MARK = 'glossa:signed-in';

/** Notes that someone is signed in on this browser. */
export function markSignedIn(): void {
  try {
    localStorage.setItem(MARK, '1');
  } catch {
    // storage disabled: the next load shows the sign-in page, as for a new browser
  }
}

/** Notes that nobody is signed in on this browser any more. */
export function clearSignedIn(): void {
  try {
    localStorage.removeItem(MARK);
  } catch {
    // storage disabled: there is no mark to remove
  }
}

/** Whether someone may be signed in on this browser (the server decides whether the session still holds). */
export function maybeSignedIn(): boolean {
  try {
    return localStorage.getItem(MARK) !== null;
  } catch {
    return false;
  }
}
