<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es">
<context>
    <name>AlertScreen</name>
    <message>
        <source>AMBER Alert</source>
        <translation>Alerta AMBER</translation>
    </message>
    <message>
        <source>Notice from this venue</source>
        <translation>Aviso de este lugar</translation>
    </message>
    <message>
        <source>Alert</source>
        <translation>Alerta</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 de %2</translation>
    </message>
    <message>
        <source>Seen something? Call</source>
        <translation>¿Vio algo? Llame al</translation>
    </message>
    <message>
        <source>Information? Call</source>
        <translation>¿Tiene información? Llame al</translation>
    </message>
    <message>
        <source>Until %1</source>
        <translation>Vigente hasta %1</translation>
    </message>
    <message>
        <source>Exit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
</context>
<context>
    <name>AlertsSection</name>
    <message>
        <source>Alerts</source>
        <translation>Alertas</translation>
    </message>
    <message>
        <source>%1: read at %2</source>
        <translation>%1: leída a las %2</translation>
    </message>
    <message>
        <source>%1: not read at %2 (%3); what it sent before stays</source>
        <translation>%1: no se pudo leer a las %2 (%3); lo que envió antes se mantiene</translation>
    </message>
    <message>
        <source>No alert on screen.</source>
        <translation>Ninguna alerta en pantalla.</translation>
    </message>
    <message>
        <source>No alert on screen; no feed is set (kiosk.yaml alerts).</source>
        <translation>Ninguna alerta en pantalla; no hay fuente de alertas (kiosk.yaml alerts).</translation>
    </message>
    <message>
        <source>No feed is set (kiosk.yaml alerts).</source>
        <translation>No hay fuente de alertas (kiosk.yaml alerts).</translation>
    </message>
    <message>
        <source>Show again</source>
        <translation>Mostrar de nuevo</translation>
    </message>
    <message>
        <source>Venue message, until %1</source>
        <translation>Mensaje del lugar, hasta las %1</translation>
    </message>
    <message>
        <source>From %1, until %2</source>
        <translation>De %1, hasta las %2</translation>
    </message>
    <message>
        <source>Hidden by staff</source>
        <translation>Ocultada por el personal</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Ocultar</translation>
    </message>
</context>
<context>
    <name>AttractLoop</name>
    <message>
        <source>Tap to learn the signs</source>
        <translation>Toque para conocer las señales</translation>
    </message>
</context>
<context>
    <name>ClosedScreen</name>
    <message>
        <source>Closed now. Opens again %1.</source>
        <translation>Cerrado. Vuelve a abrir %1.</translation>
    </message>
    <message>
        <source>Closed now.</source>
        <translation>Cerrado.</translation>
    </message>
    <message>
        <source>You can still call, text or scan:</source>
        <translation>Aún puede llamar, enviar un mensaje de texto o escanear:</translation>
    </message>
</context>
<context>
    <name>CoverScreen</name>
    <message>
        <source>Welcome</source>
        <translation>Bienvenidos</translation>
    </message>
</context>
<context>
    <name>FallbackTag</name>
    <message>
        <source>English</source>
        <translation>inglés</translation>
    </message>
    <message>
        <source>Spanish</source>
        <translation>español</translation>
    </message>
    <message>
        <source>French</source>
        <translation>francés</translation>
    </message>
    <message>
        <source>Portuguese</source>
        <translation>portugués</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>chino</translation>
    </message>
    <message>
        <source>Vietnamese</source>
        <translation>vietnamita</translation>
    </message>
    <message>
        <source>Korean</source>
        <translation>coreano</translation>
    </message>
    <message>
        <source>Tagalog</source>
        <translation>tagalo</translation>
    </message>
    <message>
        <source>Arabic</source>
        <translation>árabe</translation>
    </message>
    <message>
        <source>Russian</source>
        <translation>ruso</translation>
    </message>
    <message>
        <source>Haitian Creole</source>
        <translation>criollo haitiano</translation>
    </message>
    <message>
        <source>German</source>
        <translation>alemán</translation>
    </message>
    <message>
        <source>Italian</source>
        <translation>italiano</translation>
    </message>
    <message>
        <source>Japanese</source>
        <translation>japonés</translation>
    </message>
    <message>
        <source>%1 only</source>
        <translation>Solo en %1</translation>
    </message>
</context>
<context>
    <name>IdleCountdown</name>
    <message>
        <source>Still there? Returning to the start in %1 s…</source>
        <translation>¿Sigue ahí? Volvemos al inicio en %1&#xa0;s…</translation>
    </message>
    <message>
        <source>Touch anywhere to stay.</source>
        <translation>Toque la pantalla para seguir.</translation>
    </message>
    <message>
        <source>Exit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>More time</source>
        <translation>Más tiempo</translation>
    </message>
</context>
<context>
    <name>LessonEnd</name>
    <message>
        <source>If you notice signs, report. Do not step in yourself.</source>
        <translation>Si nota señales, denuncie. No intervenga por su cuenta.</translation>
    </message>
</context>
<context>
    <name>LessonMenu</name>
    <message>
        <source>Learn the signs. Pick a short lesson.</source>
        <translation>Conozca las señales. Elija una lección corta.</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
</context>
<context>
    <name>PageCue</name>
    <message>
        <source>Page %1 of %2 · Next shows the rest</source>
        <translation>Página %1 de %2 · «Siguiente» muestra el resto</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Página %1 de %2</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>Staff only: enter the PIN</source>
        <translation>Solo para el personal: ingrese el PIN</translation>
    </message>
    <message>
        <source>Staff only</source>
        <translation>Solo para el personal</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Aceptar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>QuestionView</name>
    <message>
        <source>Right.</source>
        <translation>Correcto.</translation>
    </message>
    <message>
        <source>Not quite.</source>
        <translation>No del todo.</translation>
    </message>
    <message>
        <source>The right answer: %1</source>
        <translation>La respuesta correcta es: %1</translation>
    </message>
</context>
<context>
    <name>StaffPanel</name>
    <message>
        <source>Staff panel</source>
        <translation>Panel del personal</translation>
    </message>
    <message>
        <source>Restart the show</source>
        <translation>Reiniciar la presentación</translation>
    </message>
    <message>
        <source>Exit to desktop</source>
        <translation>Salir al escritorio</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Closes by itself after 60 s untouched.</source>
        <translation>Se cierra solo si nadie lo toca durante 60 s.</translation>
    </message>
    <message>
        <source>On screen</source>
        <translation>En pantalla</translation>
    </message>
    <message>
        <source>Confirm: exit to desktop</source>
        <translation>Confirmar: salir al escritorio</translation>
    </message>
    <message>
        <source>Packs on this kiosk</source>
        <translation>Paquetes en este quiosco</translation>
    </message>
    <message>
        <source>Show this</source>
        <translation>Mostrar este</translation>
    </message>
    <message>
        <source>Roll back to the previous pack</source>
        <translation>Volver al paquete anterior</translation>
    </message>
    <message>
        <source>Health</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Visitors, last 7 days</source>
        <translation>Visitantes, últimos 7 días</translation>
    </message>
    <message>
        <source>No counts yet.</source>
        <translation>Todavía no hay datos.</translation>
    </message>
    <message>
        <source>Found on USB sticks and in the drop folder</source>
        <translation>Paquetes encontrados en memorias USB y en la carpeta de entrada</translation>
    </message>
    <message>
        <source>No pack files found.</source>
        <translation>No se encontraron paquetes.</translation>
    </message>
    <message>
        <source>Install</source>
        <translation>Instalar</translation>
    </message>
    <message>
        <source>Trust…</source>
        <translation>Confiar…</translation>
    </message>
    <message>
        <source>Trusted keys</source>
        <translation>Claves de confianza</translation>
    </message>
    <message>
        <source>None: every pack from outside is refused.</source>
        <translation>Ninguna: se rechazan todos los paquetes externos.</translation>
    </message>
    <message>
        <source>Untrust</source>
        <translation>Dejar de confiar</translation>
    </message>
    <message>
        <source>Confirm: untrust</source>
        <translation>Confirmar: dejar de confiar</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>Página anterior</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Página %1 de %2</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Página siguiente</translation>
    </message>
    <message>
        <source>This key&apos;s fingerprint, computed from the key itself. Trust the key only if it matches the one the publisher gave you.</source>
        <translation>La huella de esta clave, calculada a partir de la propia clave. Confíe en ella solo si coincide con la que le dio quien publica el contenido.</translation>
    </message>
    <message>
        <source>They match: trust it</source>
        <translation>Coinciden: confiar en ella</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>StaffWords</name>
    <message>
        <source>No staff PIN is set on this kiosk, so the staff panel cannot open. On the kiosk&apos;s computer, as the kiosk&apos;s user, run:
kiosk staff set-pin</source>
        <translation>Este quiosco no tiene un PIN para el personal, así que el panel no se puede abrir. En la computadora del quiosco, con el usuario del quiosco, ejecute:
kiosk staff set-pin</translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>PIN incorrecto.</translation>
    </message>
    <message>
        <source>Wrong PIN. Try again in {wait}.</source>
        <translation>PIN incorrecto. Vuelva a intentarlo en {wait}.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Try again in {wait}.</source>
        <translation>Demasiados intentos con un PIN incorrecto. Vuelva a intentarlo en {wait}.</translation>
    </message>
    <message>
        <source>You can try again now.</source>
        <translation>Ya puede volver a intentarlo.</translation>
    </message>
    <message>
        <source>A PIN has {min} to {max} digits.</source>
        <translation>El PIN tiene de {min} a {max} dígitos.</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} s</translation>
    </message>
    <message>
        <source>{minutes} min {seconds} s</source>
        <translation>{minutes} min {seconds} s</translation>
    </message>
    <message>
        <source>Installing {file}…</source>
        <translation>Instalando {file}…</translation>
    </message>
    <message>
        <source>Rolling back…</source>
        <translation>Volviendo al paquete anterior…</translation>
    </message>
    <message>
        <source>Switching to {pack}…</source>
        <translation>Cambiando a {pack}…</translation>
    </message>
    <message>
        <source>Trusting {name}…</source>
        <translation>Agregando {name} a las claves de confianza…</translation>
    </message>
    <message>
        <source>Untrusting {keyId}…</source>
        <translation>Quitando {keyId} de las claves de confianza…</translation>
    </message>
    <message>
        <source>Installed {pack}: it shows from the next slide.</source>
        <translation>Se instaló {pack}: se mostrará a partir de la próxima diapositiva.</translation>
    </message>
    <message>
        <source>{pack} is already installed.</source>
        <translation>{pack} ya está instalado.</translation>
    </message>
    <message>
        <source>{pack} was not installed: {reason}</source>
        <translation>{pack} no se instaló: {reason}</translation>
    </message>
    <message>
        <source>Rolled back: {pack} shows from the next slide.</source>
        <translation>Se volvió al paquete anterior: {pack} se mostrará a partir de la próxima diapositiva.</translation>
    </message>
    <message>
        <source>Rolled back: the bundled pack {pack} shows from the next slide.</source>
        <translation>Se volvió al paquete anterior: el paquete incluido {pack} se mostrará a partir de la próxima diapositiva.</translation>
    </message>
    <message>
        <source>{pack} shows from the next slide.</source>
        <translation>{pack} se mostrará a partir de la próxima diapositiva.</translation>
    </message>
    <message>
        <source>The bundled pack {pack} shows from the next slide.</source>
        <translation>El paquete incluido {pack} se mostrará a partir de la próxima diapositiva.</translation>
    </message>
    <message>
        <source>Not trusted: {file} changed since its fingerprint was shown.</source>
        <translation>No se agregó a las claves de confianza: {file} cambió después de mostrarse su huella.</translation>
    </message>
    <message>
        <source>Key {name} ({keyId}) is now trusted.</source>
        <translation>La clave {name} ({keyId}) ahora es de confianza.</translation>
    </message>
    <message>
        <source>Key {name} ({keyId}) is no longer trusted.</source>
        <translation>La clave {name} ({keyId}) ya no es de confianza.</translation>
    </message>
    <message>
        <source>That did not work: {reason}</source>
        <translation>No se pudo completar: {reason}</translation>
    </message>
    <message>
        <source>it is not signed by its publisher</source>
        <translation>no tiene la firma de quien lo publica</translation>
    </message>
    <message>
        <source>its signature does not match: it was changed after signing, or the signature is forged</source>
        <translation>la firma no coincide: se modificó después de firmarse o la firma es falsa</translation>
    </message>
    <message>
        <source>files in it were changed, added or removed after it was signed</source>
        <translation>se modificaron, agregaron o quitaron archivos después de firmarse</translation>
    </message>
    <message>
        <source>it is not a content pack</source>
        <translation>no es un paquete de contenido</translation>
    </message>
    <message>
        <source>the file is damaged</source>
        <translation>el archivo está dañado</translation>
    </message>
    <message>
        <source>it is larger than a content pack may be</source>
        <translation>es más grande de lo que puede ser un paquete de contenido</translation>
    </message>
    <message>
        <source>its content did not pass the kiosk&apos;s checks (a problem in {where})</source>
        <translation>su contenido no pasó las comprobaciones del quiosco (hay un problema en {where})</translation>
    </message>
    <message>
        <source>its content did not pass the kiosk&apos;s checks ({count} problems, the first in {where})</source>
        <translation>su contenido no pasó las comprobaciones del quiosco ({count} problemas; el primero, en {where})</translation>
    </message>
    <message>
        <source>{pack} is already installed with other content; a changed pack needs a new version number</source>
        <translation>{pack} ya está instalado con otro contenido; un paquete modificado necesita un número de versión nuevo</translation>
    </message>
    <message>
        <source>{pack} was first installed here signed by key {key}; this one is signed by another key</source>
        <translation>{pack} se instaló aquí por primera vez firmado con la clave {key}; este está firmado con otra clave</translation>
    </message>
    <message>
        <source>staff rolled back from {pack}, so it is not taken from a stick or the drop folder again; to show it anyway, use Install here</source>
        <translation>el personal volvió atrás desde {pack}, así que no se vuelve a tomar de una memoria USB ni de la carpeta de entrada; para mostrarlo de todos modos, toque Instalar aquí</translation>
    </message>
    <message>
        <source>{pack} is older than {highest}, which this kiosk has shown; to go back, use Roll back or Show this above</source>
        <translation>{pack} es anterior a {highest}, que ya se mostró en este quiosco; para volver atrás, use Volver al paquete anterior o Mostrar este, más arriba</translation>
    </message>
    <message>
        <source>the USB stick was removed or the file went away during the copy; it is tried again when it is back</source>
        <translation>se desconectó la memoria USB o el archivo desapareció durante la copia; se volverá a intentar cuando esté de nuevo</translation>
    </message>
    <message>
        <source>another install was running; it is tried again</source>
        <translation>se estaba instalando otro paquete; se volverá a intentar</translation>
    </message>
    <message>
        <source>the kiosk&apos;s disk is full</source>
        <translation>el disco del quiosco está lleno</translation>
    </message>
    <message>
        <source>the kiosk&apos;s disk could not be read or written</source>
        <translation>no se pudo leer ni escribir en el disco del quiosco</translation>
    </message>
    <message>
        <source>the file changed while it was being read; try again</source>
        <translation>el archivo cambió mientras se leía; vuelva a intentarlo</translation>
    </message>
    <message>
        <source>there is no earlier pack to go back to</source>
        <translation>no hay un paquete anterior al que volver</translation>
    </message>
    <message>
        <source>{pack} is not installed on this kiosk</source>
        <translation>{pack} no está instalado en este quiosco</translation>
    </message>
    <message>
        <source>{pack} is signed by a key this kiosk does not trust</source>
        <translation>{pack} está firmado con una clave que no es de confianza en este quiosco</translation>
    </message>
    <message>
        <source>no trusted key has the id {keyId}</source>
        <translation>ninguna clave de confianza tiene el identificador {keyId}</translation>
    </message>
    <message>
        <source>the file is not a publisher&apos;s public key</source>
        <translation>el archivo no es la clave pública de quien publica el contenido</translation>
    </message>
    <message>
        <source>the reason is in the kiosk&apos;s log (logs/kiosk.log on its disk)</source>
        <translation>el motivo está en el registro del quiosco (logs/kiosk.log en su disco)</translation>
    </message>
    <message>
        <source>Running for: {days} d {hours} h {minutes} min</source>
        <translation>Tiempo en funcionamiento: {days} d {hours} h {minutes} min</translation>
    </message>
    <message>
        <source>Memory: {mb} MB</source>
        <translation>Memoria: {mb} MB</translation>
    </message>
    <message>
        <source>Memory: unknown</source>
        <translation>Memoria: desconocida</translation>
    </message>
    <message>
        <source>Disk free: {gb} GB</source>
        <translation>Espacio libre en disco: {gb} GB</translation>
    </message>
    <message>
        <source>Disk free: unknown</source>
        <translation>Espacio libre en disco: desconocido</translation>
    </message>
    <message>
        <source>Last error: {reason}</source>
        <translation>Último error: {reason}</translation>
    </message>
    <message>
        <source>Last error: none</source>
        <translation>Último error: ninguno</translation>
    </message>
    <message>
        <source>memory {mb} MB was over the limit of {limit} MB, so the kiosk restarted</source>
        <translation>la memoria llegó a {mb} MB, por encima del límite de {limit} MB, así que el quiosco se reinició</translation>
    </message>
    <message>
        <source>the picture stood still for {seconds} s, so the kiosk restarted</source>
        <translation>la imagen estuvo detenida durante {seconds} s, así que el quiosco se reinició</translation>
    </message>
    <message>
        <source>Last self-check: not yet</source>
        <translation>Última autocomprobación: aún no</translation>
    </message>
    <message>
        <source>Last self-check: {at}: ok, the QR on screen reads {expected}</source>
        <translation>Última autocomprobación: {at}: correcta, el QR en pantalla lleva a {expected}</translation>
    </message>
    <message>
        <source>Last self-check: {at}: failed, no QR found on screen (expected {expected})</source>
        <translation>Última autocomprobación: {at}: falló, no se encontró ningún QR en pantalla (se esperaba {expected})</translation>
    </message>
    <message>
        <source>Last self-check: {at}: failed, the QR on screen reads {found}, not {expected}</source>
        <translation>Última autocomprobación: {at}: falló, el QR en pantalla lleva a {found}, no a {expected}</translation>
    </message>
    <message>
        <source>Crash-loop guard: {reason}</source>
        <translation>Protección contra reinicios repetidos: {reason}</translation>
    </message>
    <message>
        <source>showing {pack} because {why}</source>
        <translation>se muestra {pack} porque {why}</translation>
    </message>
    <message>
        <source>{pack} failed to start {times} times in a row</source>
        <translation>{pack} no pudo iniciarse {times} veces seguidas</translation>
    </message>
    <message>
        <source>{pack} failed to start once</source>
        <translation>{pack} no pudo iniciarse una vez</translation>
    </message>
    <message>
        <source>{first} and {second}</source>
        <translation>{first} y {second}</translation>
    </message>
    <message>
        <source>{reason}; {pack} cannot be loaded either</source>
        <translation>{reason}; tampoco se puede cargar {pack}</translation>
    </message>
    <message>
        <source>the built-in pack</source>
        <translation>el paquete incluido</translation>
    </message>
    <message>
        <source>Fleet sync: {result} at {at}: {reason}</source>
        <translation>Sincronización de la flota: {result} a las {at}: {reason}</translation>
    </message>
    <message>
        <source>Fleet sync: {result} at {at}: {reason} (the repository&apos;s timestamp has expired: no updates until it is re-signed)</source>
        <translation>Sincronización de la flota: {result} a las {at}: {reason} (la marca de tiempo del repositorio ha caducado: no habrá actualizaciones hasta que se vuelva a firmar)</translation>
    </message>
    <message>
        <source>up to date</source>
        <translation>al día</translation>
    </message>
    <message>
        <source>a pack was installed</source>
        <translation>se instaló un paquete</translation>
    </message>
    <message>
        <source>installed</source>
        <translation>instalado</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>rechazada</translation>
    </message>
    <message>
        <source>it is signed by key {keyId}, which this kiosk does not trust. If its publisher gave you that key, use Trust… on its .pub file below.</source>
        <translation>está firmado con la clave {keyId}, en la que este quiosco no confía. Si quien lo publica le dio esa clave, toque Confiar… junto a su archivo .pub, más abajo.</translation>
    </message>
    <message>
        <source>could not be completed</source>
        <translation>no se pudo completar</translation>
    </message>
    <message>
        <source>nothing new</source>
        <translation>no hay nada nuevo</translation>
    </message>
    <message>
        <source>{pack} was installed</source>
        <translation>se instaló {pack}</translation>
    </message>
    <message>
        <source>the repository&apos;s signed metadata has expired (its publisher must renew it); the live pack stays</source>
        <translation>los metadatos firmados del repositorio caducaron (quien lo publica debe renovarlos); el paquete en pantalla se mantiene</translation>
    </message>
    <message>
        <source>a file does not match its signed length or hash</source>
        <translation>un archivo no coincide con el tamaño o el hash firmados</translation>
    </message>
    <message>
        <source>the repository went back to older metadata, which is refused</source>
        <translation>el repositorio volvió a metadatos anteriores, y eso se rechaza</translation>
    </message>
    <message>
        <source>the repository&apos;s metadata is not signed by the keys this kiosk trusts</source>
        <translation>los metadatos del repositorio no están firmados con las claves de confianza de este quiosco</translation>
    </message>
    <message>
        <source>the repository failed its signature checks</source>
        <translation>el repositorio no pasó las comprobaciones de firma</translation>
    </message>
    <message>
        <source>the server stalled; it is tried again at the next sync</source>
        <translation>el servidor dejó de responder; se volverá a intentar en la próxima sincronización</translation>
    </message>
    <message>
        <source>the server answered HTTP {status}; it is tried again at the next sync</source>
        <translation>el servidor respondió HTTP {status}; se volverá a intentar en la próxima sincronización</translation>
    </message>
    <message>
        <source>the server cannot be reached (no network?); it is tried again at the next sync</source>
        <translation>no se puede conectar con el servidor (¿no hay red?); se volverá a intentar en la próxima sincronización</translation>
    </message>
    <message>
        <source>the download failed; it is tried again at the next sync</source>
        <translation>la descarga falló; se volverá a intentar en la próxima sincronización</translation>
    </message>
    <message>
        <source>the kiosk&apos;s files cannot be written</source>
        <translation>no se pueden escribir los archivos del quiosco</translation>
    </message>
    <message>
        <source>the repository offers several packs for this kiosk ({names}) and its settings name none</source>
        <translation>el repositorio ofrece varios paquetes para este quiosco ({names}) y su configuración no indica ninguno</translation>
    </message>
    <message>
        <source>{pack} was not installed yet: {reason}</source>
        <translation>{pack} todavía no se instaló: {reason}</translation>
    </message>
    <message>
        <source>{title} — {pack}</source>
        <translation>{title} — {pack}</translation>
    </message>
    <message>
        <source>{pack} shows from the next slide</source>
        <translation>{pack} se mostrará a partir de la próxima diapositiva</translation>
    </message>
    <message>
        <source>Publisher: {publisher}</source>
        <translation>Publicado por: {publisher}</translation>
    </message>
    <message>
        <source>Signed by: {signer}</source>
        <translation>Firmado por: {signer}</translation>
    </message>
    <message>
        <source>Signed by: {name}
{fingerprint}</source>
        <translation>Firmado por: {name}
{fingerprint}</translation>
    </message>
    <message>
        <source>Review: {review}</source>
        <translation>Revisión: {review}</translation>
    </message>
    <message>
        <source>the app itself (bundled, not signed)</source>
        <translation>la propia aplicación (incluida, sin firmar)</translation>
    </message>
    <message>
        <source>key {keyId} (no longer trusted)</source>
        <translation>clave {keyId} (ya no es de confianza)</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconocido</translation>
    </message>
    <message>
        <source>draft (not reviewed)</source>
        <translation>borrador (sin revisar)</translation>
    </message>
    <message>
        <source>text awaiting review</source>
        <translation>texto pendiente de revisión</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>aprobado</translation>
    </message>
    <message>
        <source>Warning: the live pack {pack} is signed by key {keyId}, which this kiosk no longer trusts, so it is not shown.</source>
        <translation>Aviso: el paquete activo {pack} está firmado con la clave {keyId}, en la que este quiosco ya no confía, así que no se muestra.</translation>
    </message>
    <message>
        <source>Warning: the live pack {pack} has a signature that is missing or cannot be read, so it is not shown.</source>
        <translation>Aviso: el paquete activo {pack} tiene una firma que falta o no se puede leer, así que no se muestra.</translation>
    </message>
    <message>
        <source>Playing: {venue}, slide {slide}</source>
        <translation>En curso: {venue}, diapositiva {slide}</translation>
    </message>
    <message>
        <source>all venues</source>
        <translation>todos los lugares</translation>
    </message>
    <message>
        <source>any venue</source>
        <translation>cualquier lugar</translation>
    </message>
    <message>
        <source>transit</source>
        <translation>transporte</translation>
    </message>
    <message>
        <source>hotel</source>
        <translation>hotel</translation>
    </message>
    <message>
        <source>rest stop</source>
        <translation>área de descanso</translation>
    </message>
    <message>
        <source>retail</source>
        <translation>comercio</translation>
    </message>
    <message>
        <source>{pack}</source>
        <translation>{pack}</translation>
    </message>
    <message>
        <source>{pack}  (live)</source>
        <translation>{pack}  (en pantalla)</translation>
    </message>
    <message>
        <source>{pack} (bundled)</source>
        <translation>{pack} (incluido)</translation>
    </message>
    <message>
        <source>{pack} (bundled)  (live)</source>
        <translation>{pack} (incluido)  (en pantalla)</translation>
    </message>
    <message>
        <source>{name} ({where})
{state}</source>
        <translation>{name} ({where})
{state}</translation>
    </message>
    <message>
        <source>USB stick</source>
        <translation>memoria USB</translation>
    </message>
    <message>
        <source>drop folder</source>
        <translation>carpeta de entrada</translation>
    </message>
    <message>
        <source>already here</source>
        <translation>ya estaba instalado</translation>
    </message>
    <message>
        <source>not installed: {reason}</source>
        <translation>no se instaló: {reason}</translation>
    </message>
    <message>
        <source>could not be read yet; trying again</source>
        <translation>todavía no se pudo leer; se volverá a intentar</translation>
    </message>
    <message>
        <source>not checked yet</source>
        <translation>aún sin revisar</translation>
    </message>
    <message>
        <source>Key {name} ({where})</source>
        <translation>Clave {name} ({where})</translation>
    </message>
    <message>
        <source>Key {name} ({where}): trusted</source>
        <translation>Clave {name} ({where}): de confianza</translation>
    </message>
    <message>
        <source>{name}, added {added}
{fingerprint}</source>
        <translation>{name}, agregada el {added}
{fingerprint}</translation>
    </message>
    <message>
        <source>File name (not a fingerprint): {name}</source>
        <translation>Nombre del archivo (no es una huella): {name}</translation>
    </message>
    <message>
        <source>{day}: touch sessions {sessions}, slides shown {slides}</source>
        <translation>{day}: sesiones táctiles {sessions}, diapositivas mostradas {slides}</translation>
    </message>
    <message>
        <source>New content installed: {title} {version}</source>
        <translation>Contenido nuevo instalado: {title} {version}</translation>
    </message>
    <message>
        <source>A new content pack is now showing</source>
        <translation>Ya se muestra un paquete de contenido nuevo</translation>
    </message>
    <message>
        <source>Already installed: {title} {version}</source>
        <translation>Ya está instalado: {title} {version}</translation>
    </message>
    <message>
        <source>This content pack is already installed</source>
        <translation>Este paquete de contenido ya está instalado</translation>
    </message>
    <message>
        <source>Not installed: the USB stick was removed during the copy; plug it in again</source>
        <translation>No se instaló: se desconectó la memoria USB durante la copia; vuelva a conectarla</translation>
    </message>
    <message>
        <source>Not installed: the file went away during the copy; copy it to the drop folder again</source>
        <translation>No se instaló: el archivo desapareció durante la copia; cópielo otra vez a la carpeta de entrada</translation>
    </message>
    <message>
        <source>A pack on the USB stick was refused; the staff panel says why</source>
        <translation>Se rechazó un paquete de la memoria USB; el motivo aparece en el panel del personal</translation>
    </message>
    <message>
        <source>A pack in the drop folder was refused; the staff panel says why</source>
        <translation>Se rechazó un paquete de la carpeta de entrada; el motivo aparece en el panel del personal</translation>
    </message>
    <message>
        <source>Something happened that this panel cannot put in words; the log has it.</source>
        <translation>Ocurrió algo que este panel no puede describir; el registro del quiosco lo indica.</translation>
    </message>
</context>
<context>
    <name>TouchMode</name>
    <message>
        <source>Lessons</source>
        <translation>Lecciones</translation>
    </message>
    <message>
        <source>Exit</source>
        <translation>Salir</translation>
    </message>
    <message>
        <source>Back to start</source>
        <translation>Volver al inicio</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Siguiente</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Listo</translation>
    </message>
    <message>
        <source>Accessibility: on</source>
        <translation>Accesibilidad: activada</translation>
    </message>
    <message>
        <source>Accessibility</source>
        <translation>Accesibilidad</translation>
    </message>
    <message>
        <source>Read aloud</source>
        <translation>Leer en voz alta</translation>
    </message>
    <message>
        <source>Reading… Stop</source>
        <translation>Leyendo… Detener</translation>
    </message>
</context>
</TS>
