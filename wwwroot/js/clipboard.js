// Copies text for a Copy button. navigator.clipboard needs a secure context; a portal reached over plain http on a LAN
// is not one, so the old selection-and-copy way is the fallback.
export async function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        return true;
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
