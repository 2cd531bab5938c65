/** esbuild loads `.css` imports as text (esbuild.mjs `loader: { '.css': 'text' }`). */
declare module '*.css' {
  const text: string;
  export default text;
}
