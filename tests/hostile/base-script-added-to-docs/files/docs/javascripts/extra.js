window.__hostile = 1;
