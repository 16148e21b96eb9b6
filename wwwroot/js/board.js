// The triage board's browser side: tells the server whether the analyst is at the top of the list
// (only then may new rows be inserted) and keeps the age column ticking without server renders.
const state = new WeakMap();

export function attach(list, dotnet) {
    let atTop = true;
    const onScroll = () => {
        const now = list.scrollTop <= 4;
        if (now !== atTop) {
            atTop = now;
            dotnet.invokeMethodAsync("OnScrollStateChanged", atTop);
        }
    };
    list.addEventListener("scroll", onScroll, { passive: true });
    const timer = setInterval(() => tickAges(list), 5000);
    state.set(list, { onScroll, timer });
}

export function detach(list) {
    const s = state.get(list);
    if (!s) return;
    list.removeEventListener("scroll", s.onScroll);
    clearInterval(s.timer);
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

function tickAges(list) {
    const now = Date.now();
    for (const el of list.querySelectorAll("[data-age-since]")) {
        el.textContent = formatAge(now - Number(el.dataset.ageSince));
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
