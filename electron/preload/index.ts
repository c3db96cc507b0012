import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { exposeShopfloorBridge } from './expose-bridge.ts';

exposeShopfloorBridge({ contextBridge, ipcRenderer, webUtils, document });
