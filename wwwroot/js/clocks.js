// Countdowns that tick in the browser: SLA cells (board rows, kanban cards, incidents) and regulatory deadlines. The
// server renders each once with its deadline and warning time as data attributes; this flips running → warning →
// breached and keeps the remaining time current without a server round trip.

function withAttribute(root, attribute) {
    const found = [...root.querySelectorAll(`[${attribute}]`)];
    if (root.hasAttribute?.(attribute)) found.push(root);
    return found;
}

function setText(el, text) {
    if (el.textContent !== text) el.textContent = text;
}

// Same format and states as SlaClock on the server. A clock inside [data-clock] also words its state in the element
// marked [data-clock-state], from that element's data-running / data-warning / data-breached.
export function tickSla(root) {
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
        const clock = el.closest("[data-clock]");
        if (clock) {
            clock.dataset.clock = stateName;
            const label = clock.querySelector("[data-clock-state]");
            if (label && label.dataset[stateName]) setText(label, label.dataset[stateName]);
        }
    }
}

export function formatRemaining(ms) {
    const sign = ms < 0 ? "-" : "";
    let s = Math.floor(Math.abs(ms) / 1000);
    const d = Math.floor(s / 86400), h = Math.floor(s / 3600), m = Math.floor(s / 60);
    if (h >= 24) return `${sign}${d}d ${h % 24}h`;
    if (m >= 60) return `${sign}${h}h ${String(m % 60).padStart(2, "0")}m`;
    return `${sign}${m}m ${String(s % 60).padStart(2, "0")}s`;
}

// Pages that show clocks (incident list and page) start one shared timer; it stops when the last of them leaves.
let timer = null;
let users = 0;

export function startClocks() {
    users++;
    tickSla(document);
    timer ??= setInterval(() => tickSla(document), 1000);
}

export function stopClocks() {
    users = Math.max(0, users - 1);
    if (users === 0 && timer !== null) {
        clearInterval(timer);
        timer = null;
    }
}
