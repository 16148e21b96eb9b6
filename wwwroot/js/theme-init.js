// Loaded in <head> before anything is painted: puts the saved colour scheme, else the system's, on <html> so a
// dark page never flashes light. layout.js owns the toggle; the key and class here must match it.
(function () {
    var saved = null;
    try {
        saved = localStorage.getItem("secops-theme");
    } catch (e) {
        // Storage blocked: follow the system.
    }
    var dark = saved === "dark" || (saved !== "light" && window.matchMedia("(prefers-color-scheme: dark)").matches);
    document.documentElement.classList.toggle("secops-dark", dark);
})();
