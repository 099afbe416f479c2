// A study's Server-Sent Events, applied to a StudyStore. Every event carries an id
// "<stream>.<seq>"; the browser sends the last one back when it reconnects and the server replays
// what was missed (or sends a fresh snapshot). An event at or below the last seq of the same
// stream is a duplicate and is dropped; a jump past the next seq is a gap, answered by starting
// over from a snapshot.
function parseId(id) {
  const dot = id.lastIndexOf(".");
  return { stream: id.slice(0, dot), seq: Number(id.slice(dot + 1)) };
}

export class StudyStream {
  constructor(store, onStatus) {
    this.store = store;
    this.onStatus = onStatus || (() => {});
    this.last = null;
    this.duplicates = 0;
    this.gaps = 0;
    this.open();
  }

  open() {
    const url = "/api/studies/" + encodeURIComponent(this.store.id) + "/events";
    const source = new EventSource(url);
    this.source = source;
    source.addEventListener("snapshot", (e) => {
      this.last = parseId(e.lastEventId);
      this.store.applySnapshot(JSON.parse(e.data));
      this.onStatus("live");
    });
    source.addEventListener("trial", (e) => { if (this.accept(e)) this.store.applyTrial(JSON.parse(e.data)); });
    source.addEventListener("study", (e) => { if (this.accept(e)) this.store.applyStudy(JSON.parse(e.data)); });
    source.onopen = () => this.onStatus("live");
    source.onerror = () => this.onStatus(source.readyState === EventSource.CLOSED ? "disconnected" : "reconnecting\u2026");
  }

  accept(e) {
    const id = parseId(e.lastEventId);
    if (this.last && id.stream === this.last.stream) {
      if (id.seq <= this.last.seq) {
        this.duplicates++;
        return false;
      }
      if (id.seq > this.last.seq + 1) {
        this.gaps++;
        this.close();
        this.last = null;
        this.open();
        return false;
      }
    }
    this.last = id;
    return true;
  }

  lastId() {
    return this.last ? this.last.stream + "." + this.last.seq : "";
  }

  close() {
    if (this.source) this.source.close();
  }
}
