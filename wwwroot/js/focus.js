// Hands the keyboard focus on when a page replaces the control that had it (Next opens another step, a button that started an
// operation gives way to its progress): to the first of the selectors that is on the page, so the next Tab continues from there
// instead of from the top of the page. What is not a control gets tabindex -1: focusable by the page, not a Tab stop.
export function focusOn(selectors) {
    for (const selector of selectors) {
        const target = document.querySelector(selector);
        if (!target) continue;
        if (!target.hasAttribute('tabindex') && !target.matches('a[href], button, input, select, textarea')) target.setAttribute('tabindex', '-1');
        target.focus({ preventScroll: true });
        target.scrollIntoView({ block: 'nearest' });
        return true;
    }
    return false;
}
