// Takes the user to the first problem of a form: scrolled into view and focused, so a keyboard or screen-reader user
// lands on it too. A field in error is MudBlazor's .mud-input-error; anything else that shows a problem says data-form-error.
// With a second selector, that element is focused instead (a heading to read from).
export function focusFirstError(selector, heading) {
    const root = document.querySelector(selector) ?? document;
    const first = heading ? root.querySelector(heading) : root.querySelector('.mud-input-control.mud-input-error, [data-form-error]');
    if (!first) return false;
    first.scrollIntoView({ block: 'center' });
    const target = first.matches('input, textarea, button, [tabindex]')
        ? first
        : first.querySelector('input:not([type=hidden]), textarea, button, [tabindex]:not([tabindex="-1"])');
    (target ?? first).focus({ preventScroll: true });
    return true;
}
