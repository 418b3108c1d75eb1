// Small browser helpers the console calls through JS interop.
window.outreachConsole = {
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
