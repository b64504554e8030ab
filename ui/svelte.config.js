/** @module SvelteKit config: the console builds to a Node handler (`build/handler.js`) the hub mounts on its own port. */
import adapter from '@sveltejs/adapter-node';

/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    adapter: adapter({ out: 'build' }),
  },
};
