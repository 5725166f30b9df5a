/**
 * A small REAL slice of MovieLens (ratings.csv + movies.csv text) for tests of the whole loop:
 * the ratings of users 1..maxUserId and only the movies they rated, so training and the LLM
 * doubles stay fast in Node and in headless Chromium. `sliceMovieLens` is pure string work (Node
 * and browser); `fetchEmbeddedSlice` reads the embedded files as the browser tests serve them.
 */
export interface MovieLensCsv {
  'ratings.csv': string;
  'movies.csv': string;
}

export function sliceMovieLens(csv: MovieLensCsv, maxUserId: number): MovieLensCsv {
  const ratingLines = csv['ratings.csv'].split(/\r?\n/);
  const kept = [ratingLines[0]!];
  const movies = new Set<string>();
  for (const line of ratingLines.slice(1)) {
    const [user, movie] = line.split(',', 2);
    if (user !== undefined && movie !== undefined && Number(user) <= maxUserId) {
      kept.push(line);
      movies.add(movie);
    }
  }
  const movieLines = csv['movies.csv'].split(/\r?\n/);
  const keptMovies = [movieLines[0]!, ...movieLines.slice(1).filter((line) => movies.has(line.slice(0, line.indexOf(','))))];
  return { 'ratings.csv': `${kept.join('\n')}\n`, 'movies.csv': `${keptMovies.join('\n')}\n` };
}

/** In the browser tests: the embedded dataset as the dev server serves it, cut to users 1..maxUserId. */
export async function fetchEmbeddedSlice(maxUserId: number): Promise<MovieLensCsv> {
  const text = async (file: string) => (await fetch(`/data/ml-latest-small/${file}`)).text();
  return sliceMovieLens({ 'ratings.csv': await text('ratings.csv'), 'movies.csv': await text('movies.csv') }, maxUserId);
}
