// The new-order chime: two short tones made with Web Audio (no sound file to
// ship or fetch). Browsers allow sound only after the user interacted with
// the page; switching the sound on is that interaction.
let context: AudioContext | null = null;

export function playChime(): void {
  if (typeof window === 'undefined' || !('AudioContext' in window)) return;
  context ??= new AudioContext();
  const start = context.currentTime;
  for (const [offset, frequency] of [
    [0, 880],
    [0.18, 1320],
  ] as const) {
    const tone = context.createOscillator();
    const gain = context.createGain();
    tone.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.16);
    tone.connect(gain).connect(context.destination);
    tone.start(start + offset);
    tone.stop(start + offset + 0.18);
  }
}

/** Resumes audio after the user's gesture (the sound switch), so the first chime is not swallowed. */
export function unlockChime(): void {
  if (typeof window === 'undefined' || !('AudioContext' in window)) return;
  context ??= new AudioContext();
  void context.resume();
}
