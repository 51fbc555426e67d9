// The network test page: runs the element's preflight() and shows its report.
// A list typed into the form is tested instead of the server's. None is taken
// from the page's address: a crafted link would send the visitor's candidates
// (their addresses) to a TURN server of its author's choosing.
const probe = document.getElementById('probe');
const form = document.getElementById('test-form');
const summary = document.getElementById('summary');
const rows = document.querySelector('#results tbody');

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

async function runTest() {
  summary.textContent = 'Testing…';
  delete document.body.dataset.done;
  rows.replaceChildren();
  const list = form.elements['ice-servers'].value.trim();
  if (list) probe.setAttribute('ice-servers', list);
  else probe.removeAttribute('ice-servers');
  await probe.updateComplete;
  try {
    const report = await probe.preflight();
    for (const server of report.servers) {
      const tr = document.createElement('tr');
      tr.dataset.verdict = server.verdict;
      tr.append(
        cell(server.urls.join(' ')),
        cell(String(server.candidates.host)),
        cell(String(server.candidates.srflx)),
        cell(String(server.candidates.relay)),
        cell(server.firstCandidateMs.relay === undefined ? '–' : String(server.firstCandidateMs.relay)),
        cell(server.errors.map((e) => `${e.code} ${e.text}`).join('; ') || '–'),
        cell(server.message),
      );
      rows.append(tr);
    }
    summary.textContent = report.summary;
    document.body.dataset.done = 'true';
    window.networkTestReport = report;
  } catch (error) {
    summary.textContent = `The test could not run: ${error.message}`;
    document.body.dataset.done = 'error';
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void runTest();
});
await customElements.whenDefined('video-chat-room');
void runTest();
