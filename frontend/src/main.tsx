import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { initI18n, pickLanguage } from './i18n/index.ts';
import { AlertsConsole } from './console/AlertsConsole.tsx';
import { Login } from './pages/Login.tsx';
import { ReplayPage } from './replay/ReplayPage.tsx';
import { Wall } from './wall/Wall.tsx';
import './styles.css';

initI18n(pickLanguage(window.location.search, localStorage.getItem('torch.lang')));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter>
      <Routes>
        <Route path="/wall" element={<Wall />} />
        <Route path="/login" element={<Login />} />
        <Route path="/alerts" element={<AlertsConsole />} />
        <Route path="/replay" element={<ReplayPage />} />
        <Route path="*" element={<Navigate to="/wall" replace />} />
      </Routes>
    </BrowserRouter>
  </StrictMode>,
);
