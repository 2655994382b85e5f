// The gallery's "Upload VHD" dialog, browser side: takes a fixed VHD by drag-and-drop or the file picker, checks its footer
// here before anything is sent (R1), and sends it in chunks to /upload-chunks/{id} with the user's cookie and antiforgery
// token. Chunks that are all zeros are never sent; chunks the portal already has (it answers which ranges arrived) are
// skipped, so a reload or a dropped connection resumes where it stopped. The upload id is remembered per file (name, size,
// last modified) in localStorage. Progress goes back to the dialog through its .NET object. What it says in words comes
// from the dialog (its texts, in the page's language, keyed as in ImageText.resx), with {0} filled in here.

const MiB = 1024 * 1024;
const MaxData = 1023 * 1024 * MiB;
const InFlight = 4;
const Tries = 5;
const storageKey = f => `vmportal.upload:${f.name}|${f.size}|${f.lastModified}`;

const state = { file: null, run: 0, texts: {} };

const say = (key, ...args) => (state.texts[key] ?? key).replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)]));

export function attach(zone, input, dotnet, texts) {
    state.texts = texts ?? {};
    const choose = file => {
        if (!file) return;
        state.file = file;
        inspect(file).then(info => dotnet.invokeMethodAsync('FileChosen', info));
    };
    input.addEventListener('change', () => choose(input.files[0]));
    zone.addEventListener('dragover', e => { e.preventDefault(); zone.classList.add('vhd-drop-over'); });
    zone.addEventListener('dragleave', () => zone.classList.remove('vhd-drop-over'));
    zone.addEventListener('drop', e => {
        e.preventDefault();
        zone.classList.remove('vhd-drop-over');
        choose(e.dataTransfer.files[0]);
    });
}

export function pick(input) { input.click(); }

export function remember(id) { if (state.file) localStorage.setItem(storageKey(state.file), id); }

export function forget() { if (state.file) localStorage.removeItem(storageKey(state.file)); }

export function stop() { state.run++; }

// What the footer says, read from the file's last 512 bytes; problem is null for a fixed VHD the portal accepts.
async function inspect(file) {
    const info = { name: file.name, size: file.size, lastModified: file.lastModified, problem: null, savedUploadId: localStorage.getItem(storageKey(file)) };
    info.problem = file.size < 512 ? say('VhdTooShort', file.size) : footerProblem(
        new DataView(await file.slice(file.size - 512).arrayBuffer()), file.size);
    return info;
}

function footerProblem(footer, size) {
    const cookie = String.fromCharCode(...Array.from({ length: 8 }, (_, i) => footer.getUint8(i)));
    if (cookie !== 'conectix') return say('VhdNoFooter');
    let sum = 0;
    for (let i = 0; i < 512; i++) if (i < 64 || i >= 68) sum += footer.getUint8(i);
    if (((~sum) >>> 0) !== footer.getUint32(64)) return say('VhdBadChecksum');
    const type = footer.getUint32(60);
    if (type === 3) return say('VhdDynamic');
    if (type === 4) return say('VhdDifferencing');
    if (type !== 2) return say('VhdDiskType', type);
    const data = size - 512;
    if (data < MiB) return say('VhdNoData');
    if (data % MiB !== 0) return say('VhdNotWholeMiB', data);
    if (Number(footer.getBigUint64(48)) !== data) return say('VhdSizeDisagrees');
    if (data > MaxData) return say('VhdTooLarge');
    return null;
}

// Starts sending and returns at once; the dialog hears Progress, then Sent or Failed.
export function send(id, chunkBytes, token, dotnet) {
    const run = ++state.run;
    upload(run, id, chunkBytes, token, dotnet).then(
        result => { if (run === state.run) dotnet.invokeMethodAsync('Sent', result.sent, result.skipped); },
        error => { if (run === state.run) dotnet.invokeMethodAsync('Failed', String(error?.message ?? error)); });
}

async function upload(run, id, chunkBytes, token, dotnet) {
    const file = state.file;
    const base = `upload-chunks/${encodeURIComponent(id)}`;
    const answer = await call(() => fetch(base, { headers: { 'RequestVerificationToken': token }, credentials: 'same-origin' }));
    const ranges = (await answer.json()).receivedRanges;
    const chunks = Math.ceil(file.size / chunkBytes);
    let next = 0, sent = 0, skipped = 0, reported = 0;
    const report = force => {
        const now = performance.now();
        if (!force && now - reported < 250) return;
        reported = now;
        dotnet.invokeMethodAsync('Progress', sent, skipped);
    };
    const worker = async () => {
        while (next < chunks) {
            if (run !== state.run) throw new Error(say('VhdStopped'));
            const offset = (next++) * chunkBytes;
            const end = Math.min(offset + chunkBytes, file.size);
            if (ranges.some(r => r.start <= offset && r.end >= end)) { skipped += end - offset; report(); continue; }
            const bytes = await file.slice(offset, end).arrayBuffer();
            if (allZero(bytes)) { skipped += end - offset; report(); continue; }
            await call(() => fetch(`${base}?offset=${offset}`, {
                method: 'PUT', body: bytes, credentials: 'same-origin',
                headers: { 'Content-Type': 'application/octet-stream', 'RequestVerificationToken': token },
            }));
            sent += end - offset;
            report();
        }
    };
    await Promise.all(Array.from({ length: Math.min(InFlight, chunks) }, worker));
    report(true);
    return { sent, skipped };
}

function allZero(buffer) {
    const words = new Uint32Array(buffer);
    for (let i = 0; i < words.length; i++) if (words[i] !== 0) return false;
    return true;
}

// A dropped connection or a busy server is tried again, with a growing pause; a refusal (4xx) is not.
async function call(request) {
    for (let attempt = 1; ; attempt++) {
        let response;
        try {
            response = await request();
        } catch (error) {
            if (attempt >= Tries) throw new Error(say('VhdConnectionDropped', error.message));
            await new Promise(r => setTimeout(r, 500 * attempt));
            continue;
        }
        if (response.ok) return response;
        if (response.status < 500 || attempt >= Tries) {
            let detail = say('VhdPortalAnswered', response.status);
            try { detail = (await response.json()).detail ?? detail; } catch { }
            throw new Error(detail);
        }
        await new Promise(r => setTimeout(r, 500 * attempt));
    }
}
