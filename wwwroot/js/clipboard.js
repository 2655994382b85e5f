// Copies text for a Copy button. navigator.clipboard needs a secure context; a portal reached over plain http on a LAN
// is not one, so the old selection-and-copy way is the fallback.
export async function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
        try {
            await navigator.clipboard.writeText(text);
            return true;
        } catch {
            // Refused (no permission, the page not focused): the old way may still work.
        }
    }
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    try {
        return document.execCommand('copy');
    } finally {
        area.remove();
    }
}
