export { renderAppFiles } from "./render.js";
