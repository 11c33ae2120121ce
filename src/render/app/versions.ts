/**
 * What the app image is built from. The Python packages are pinned so that every build of a bundle installs
 * the same code. The tests run app.py with exactly these versions (scripts/install/10-python.sh reads them
 * from here).
 */
export const PYTHON_IMAGE = "python:3.11-slim";
export const AIOHTTP_VERSION = "3.14.5";
export const GRPCIO_VERSION = "1.85.3";
