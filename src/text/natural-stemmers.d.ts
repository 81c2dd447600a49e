// natural ships no types for its stemmer files, which qcode imports one by one: its index module
// loads dotenv (which writes to stdout and reads .env) and costs about a second of start-up.
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const stemmer: { stem(word: string): string };
  export default stemmer;
}
declare module 'natural/lib/natural/stemmers/lancaster_stemmer.js' {
  const stemmer: { stem(word: string): string };
  export default stemmer;
}
