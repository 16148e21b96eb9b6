// The triage board's browser side: tells the server whether the analyst is at the top of the list (only
// then may new rows be inserted), forwards keyboard shortcuts, and keeps ages and SLA clocks ticking
// without any server render.
const state = new WeakMap();
const shortcuts = new Set(["j", "k", "x", "a", "s", "c", "d", "e", "?", "Enter", "Escape"]);

export function attach(list, dotnet) {
    let atTop = true;
    let loadingOlder = false;
    const onScroll = () => {
        const now = list.scrollTop <= 4;
        if (now !== atTop) {
            atTop = now;
            dotnet.invokeMethodAsync("OnScrollStateChanged", atTop);
        }
        // Near the bottom: ask for the next page of older alerts (one request at a time).
        if (!loadingOlder && list.scrollTop + list.clientHeight > list.scrollHeight - 300) {
            loadingOlder = true;
            dotnet.invokeMethodAsync("OnNearBottom").finally(() => { loadingOlder = false; });
        }
    };
    const onKey = (e) => {
        if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target) || document.querySelector(".mud-dialog-container")) return;
        if (e.key === "/") {
            e.preventDefault();
            document.getElementById("board-query")?.focus();
            return;
        }
        if (shortcuts.has(e.key)) {
            e.preventDefault();
            dotnet.invokeMethodAsync("OnShortcut", e.key);
        }
    };
    // Rows are plain markup (no per-row component on the server): one listener reports which row was clicked,
    // and whether the click was on its checkbox.
    const onClick = (e) => {
        const row = e.target.closest("[data-alert-id]");
        if (!row || !list.contains(row)) return;
        const id = Number(row.dataset.alertId);
        if (e.target.classList.contains("alert-check")) dotnet.invokeMethodAsync("OnRowToggled", id);
        else dotnet.invokeMethodAsync("OnRowClicked", id);
    };
    list.addEventListener("scroll", onScroll, { passive: true });
    list.addEventListener("click", onClick);
    document.addEventListener("keydown", onKey);
    const ageTimer = setInterval(() => tickAges(document), 5000);
    const slaTimer = setInterval(() => tickSla(document), 1000);
    // Rows arrive from the server without their age and SLA text (one shared piece of HTML per alert): fill them in as
    // they are inserted, before the browser paints. Only changed text is written, so this never feeds itself.
    const inserted = new MutationObserver(records => {
        for (const record of records) {
            for (const node of record.addedNodes) {
                if (node.nodeType === Node.ELEMENT_NODE) {
                    tickAges(node);
                    tickSla(node);
                }
            }
        }
    });
    const board = list.closest(".board") ?? document.body;
    inserted.observe(board, { childList: true, subtree: true });
    tickAges(board);
    tickSla(board);
    state.set(list, { onScroll, onClick, onKey, ageTimer, slaTimer, inserted });
    // Tells tests (and anyone automating the page) that the board is live and takes input.
    list.dataset.interactive = "true";
}

export function detach(list) {
    const s = state.get(list);
    if (!s) return;
    list.removeEventListener("scroll", s.onScroll);
    list.removeEventListener("click", s.onClick);
    document.removeEventListener("keydown", s.onKey);
    clearInterval(s.ageTimer);
    clearInterval(s.slaTimer);
    s.inserted.disconnect();
    state.delete(list);
}

export function scrollToTop(list) {
    list.scrollTop = 0;
}

export function scrollIntoView(list, index, rowHeight) {
    const top = index * rowHeight;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (top + rowHeight > list.scrollTop + list.clientHeight) list.scrollTop = top + rowHeight - list.clientHeight;
}

function isTyping(target) {
    return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

// Elements under root (and root itself) carrying the attribute.
function withAttribute(root, attribute) {
    const found = [...root.querySelectorAll(`[${attribute}]`)];
    if (root.hasAttribute?.(attribute)) found.push(root);
    return found;
}

function setText(el, text) {
    if (el.textContent !== text) el.textContent = text;
}

function tickAges(root) {
    const now = Date.now();
    for (const el of withAttribute(root, "data-age-since")) {
        setText(el, formatAge(now - Number(el.dataset.ageSince)));
    }
}

// Same steps as AgeText.Format on the server.
function formatAge(ms) {
    const s = ms / 1000;
    if (s < 5) return "now";
    if (s < 60) return `${Math.floor(s)}s`;
    if (s < 3600) return `${Math.floor(s / 60)}m`;
    if (s < 86400) return `${Math.floor(s / 3600)}h`;
    return `${Math.floor(s / 86400)}d`;
}

// Same format and states as SlaClock on the server.
function tickSla(root) {
    const now = Date.now();
    for (const el of withAttribute(root, "data-sla-deadline")) {
        const deadline = Number(el.dataset.slaDeadline);
        const warn = Number(el.dataset.slaWarn);
        setText(el, formatRemaining(deadline - now));
        const stateName = now >= deadline ? "breached" : now >= warn ? "warning" : "running";
        if (!el.classList.contains(`sla-${stateName}`)) {
            el.classList.remove("sla-running", "sla-warning", "sla-breached");
            el.classList.add(`sla-${stateName}`);
        }
    }
}

function formatRemaining(ms) {
    const sign = ms < 0 ? "-" : "";
    let s = Math.floor(Math.abs(ms) / 1000);
    const d = Math.floor(s / 86400), h = Math.floor(s / 3600), m = Math.floor(s / 60);
    if (h >= 24) return `${sign}${d}d ${h % 24}h`;
    if (m >= 60) return `${sign}${h}h ${String(m % 60).padStart(2, "0")}m`;
    return `${sign}${m}m ${String(s % 60).padStart(2, "0")}s`;
}
