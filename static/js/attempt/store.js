// Where answers wait until the server has acknowledged them: localStorage when it works, memory when
// it does not (private mode, a full quota).

export function makeStore(prefix) {
  const memory = new Map();
  function read(key) {
    try {
      const raw = window.localStorage.getItem(prefix + key);
      return raw ? JSON.parse(raw) : null;
    } catch (error) {
      return null;
    }
  }
  return {
    get(key) {
      const saved = read(key);
      const held = memory.has(key) ? memory.get(key) : null;
      if (saved === null) return held;
      if (held === null) return saved;
      return (held.seq || held) >= (saved.seq || saved) ? held : saved;
    },
    set(key, value) {
      memory.set(key, value);
      try {
        window.localStorage.setItem(prefix + key, JSON.stringify(value));
      } catch (error) {
        // Memory keeps it for this page's life; the server copy is what matters.
      }
    },
  };
}
