/**
 * What the app image is built from. The Python packages are pinned so that every build of a bundle installs
 * the same code; app.py also runs on the Debian packages of Python 3.11 (aiohttp 3.8, grpcio 1.51).
 */
export const PYTHON_IMAGE = "python:3.11-slim";
export const AIOHTTP_VERSION = "3.10.11";
export const GRPCIO_VERSION = "1.67.1";
