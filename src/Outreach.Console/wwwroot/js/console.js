// Small browser helpers the console calls through JS interop.
window.outreachConsole = {
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
