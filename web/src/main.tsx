import '@mantine/core/styles.css';
import './console.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider, createTheme } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App } from './app.js';
import { I18nProvider } from './i18n/i18n.js';

// Shades dark enough for white text and for text on white (WCAG AA contrast).
const theme = createTheme({ primaryColor: 'blue', primaryShade: 8, autoContrast: true, respectReducedMotion: true, fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' });
const client = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: false, retry: 1, staleTime: 5_000 } } });

const root = document.getElementById('root');
if (root !== null) {
  createRoot(root).render(
    <StrictMode>
      <MantineProvider theme={theme} defaultColorScheme="light">
        <QueryClientProvider client={client}>
          <I18nProvider>
            <App />
          </I18nProvider>
        </QueryClientProvider>
      </MantineProvider>
    </StrictMode>,
  );
}
