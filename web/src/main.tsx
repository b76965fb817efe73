import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { configureClient } from './api/client';
import { App } from './app';
import { currentLanguage } from './i18n';
import './styles.css';

configureClient({ getLanguage: currentLanguage });

const container = document.getElementById('root');
if (!container) throw new Error('index.html is missing #root');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
