import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@/config/i18n';
import { App } from '@/app/App';
import '@/app/styles.css';
import '@/app/print.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
