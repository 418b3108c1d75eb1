// Small browser helpers the console calls through JS interop.

// Asked for as soon as the page loads, while the .NET runtime is still downloading and starting: who is signed in
// and, on the dashboard, its first data. The console takes each answer once, the first time it asks for that path
// (takeEarly); every later call goes to the server as usual.
const earlyAnswers = {};
function fetchEarly(path) {
  earlyAnswers[path] = fetch(path, { credentials: "same-origin", headers: { accept: "application/json" } })
    .then(async response => ({ status: response.status, contentType: response.headers.get("content-type") || "", body: await response.text() }))
    .catch(() => null);
}
fetchEarly("/.auth/me");
if (location.pathname === "/console/") {
  fetchEarly("/api/admin/audiences");
  fetchEarly("/api/admin/campaigns?count=50");
}

window.outreachConsole = {
  // The early answer for this path (status, content type, body), once; null when there is none (or it failed).
  takeEarly(path) {
    const answer = earlyAnswers[path] ?? null;
    delete earlyAnswers[path];
    return answer;
  },
  // The language the person chose last time in this browser (null the first time: French).
  savedLanguage() {
    return localStorage.getItem("outreach.console.language");
  },
  // Keeps the choice and tells the browser and assistive technologies which language the page is in.
  useLanguage(language) {
    localStorage.setItem("outreach.console.language", language);
    document.documentElement.lang = language;
  },
  // Saves text as a file the person downloads (GDPR export, rejected import lines).
  download(fileName, contentType, text) {
    const url = URL.createObjectURL(new Blob([text], { type: contentType }));
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
  },
};
